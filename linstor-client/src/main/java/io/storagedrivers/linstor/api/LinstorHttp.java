package io.storagedrivers.linstor.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLException;

/**
 * HTTP transport with controller failover. LINSTOR runs one active controller at a time, so the
 * client keeps the last one that answered and moves on to the next on connection errors. A
 * controller that accepted a request and then stopped answering is different: for a read the
 * next controller is asked; for a change the outcome is unknown, so the caller's {@link Retry}
 * re-reads the state through the next controller first and the change is only resent when it
 * did not happen.
 */
final class LinstorHttp {
    private static final Logger LOG = Logger.getLogger(LinstorHttp.class.getName());

    record Reply(int status, byte[] body, URI controller) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ClientConfig cfg;
    private final HttpClient http;
    private final String authorization;
    private volatile int active;
    private volatile java.util.function.Consumer<String> notices = m -> { };

    LinstorHttp(ClientConfig cfg) {
        this.cfg = cfg;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(cfg.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (cfg.controllers().stream().anyMatch(u -> "https".equals(u.getScheme()))) {
            b.sslContext(TlsContexts.build(cfg));
        }
        this.http = b.build();
        this.authorization = authorization(cfg);
    }

    private static String authorization(ClientConfig cfg) {
        if (cfg.bearerToken() != null && !cfg.bearerToken().isBlank()) {
            return "Bearer " + cfg.bearerToken().strip();
        }
        if (cfg.username() == null) {
            return null;
        }
        boolean plain = cfg.controllers().stream().anyMatch(u -> "http".equals(u.getScheme()));
        if (plain && !cfg.allowInsecureAuth()) {
            throw new IllegalArgumentException("refusing to send a LINSTOR password over plain HTTP; "
                    + "use linstor+ssl:// or https:// controllers");
        }
        String pair = cfg.username() + ":" + (cfg.password() == null ? "" : cfg.password());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    void notices(java.util.function.Consumer<String> sink) {
        this.notices = sink == null ? m -> { } : sink;
    }

    /** One INFO line when a controller other than the last active one answers. */
    private void failedOver(List<String> failures, URI now) {
        if (!failures.isEmpty()) {
            notices.accept("LINSTOR controller failover: " + String.join("; ", failures) + "; now using " + now);
        }
    }

    /** The controller that answered last. */
    URI activeController() {
        return cfg.controllers().get(active);
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null, true);
    }

    /** A change; {@code retry} null means "outcome unknown after a timeout" is an error. */
    Reply change(String method, String pathAndQuery, byte[] body, Retry retry) {
        return send(method, pathAndQuery, body, retry, false);
    }

    private Reply send(String method, String path, byte[] body, Retry retry, boolean read) {
        List<URI> ctrls = cfg.controllers();
        int start = active;
        List<String> failures = new ArrayList<>();
        IOException unanswered = null;
        for (int i = 0; i < ctrls.size(); i++) {
            int idx = (start + i) % ctrls.size();
            URI base = ctrls.get(idx);
            if (unanswered != null) {
                active = idx;
                if (retry.alreadyDone()) {
                    LOG.fine(() -> method + " " + path + ": done, as re-read through " + base + " shows");
                    failedOver(failures, base);
                    return new Reply(200, confirmed(method, path), base);
                }
            }
            try {
                Reply r = once(base, method, path, body);
                active = idx;
                failedOver(failures, base);
                return r;
            } catch (HttpConnectTimeoutException | ConnectException | SSLException e) {
                failures.add(base + ": " + describe(e));
            } catch (IOException e) {
                // sent, but no (complete) answer: the controller stopped answering mid-request
                failures.add(base + ": no answer (" + describe(e) + ")");
                if (!read) {
                    if (retry == null) {
                        throw new LinstorTimeoutException(method + " " + path + " sent to " + base
                                + " got no answer; the change may or may not have happened", e);
                    }
                    unanswered = e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LinstorException("interrupted while talking to LINSTOR", e);
            }
        }
        if (unanswered != null) {
            throw new LinstorTimeoutException(method + " " + path + ": no controller confirmed the outcome ("
                    + String.join("; ", failures) + ")", unanswered);
        }
        throw new LinstorConnectionException("no LINSTOR controller reachable (" + String.join("; ", failures) + ")",
                null);
    }

    private static String describe(Exception e) {
        if (e instanceof HttpTimeoutException) {
            return e instanceof HttpConnectTimeoutException ? "connect timed out" : "timed out";
        }
        if (e instanceof SSLException) {
            return "TLS failed: " + e.getMessage();
        }
        String m = e.getMessage();
        return e instanceof ConnectException ? "connection refused" : (m == null ? e.getClass().getSimpleName() : m);
    }

    private static byte[] confirmed(String method, String path) {
        String msg = method + " " + path + " confirmed by re-reading state after a controller stopped answering";
        String json = "[{\"ret_code\":" + RetCodes.MASK_INFO + ",\"message\":\"" + msg.replace("\"", "'") + "\"}]";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private Reply once(URI base, String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve(path)).timeout(cfg.requestTimeout())
                .header("Accept", "application/json").header("Accept-Encoding", "gzip")
                .header("User-Agent", "storage-drivers-linstor/1 (API1.28)")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            rb.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        HttpResponse<byte[]> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] bytes = resp.body();
        if (resp.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent()) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        if (resp.statusCode() == 302 || resp.statusCode() == 301) {
            throw new LinstorException("LINSTOR controller " + base + " redirects to "
                    + resp.headers().firstValue("Location").orElse("?") + "; configure it as linstor+ssl://");
        }
        return new Reply(resp.statusCode(), bytes, base);
    }
}
