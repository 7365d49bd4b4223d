package io.storagedrivers.one.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls oned's XML-RPC API over HTTP with the JDK's {@link HttpURLConnection}: a cold action loads
 * far fewer classes with it than with {@code java.net.http} (measured, docs/performance.md), and
 * its JVM-wide keep-alive cache gives the warm service one connection to oned across actions
 * (a POST on a connection oned has closed meanwhile is retried once by the JDK). No proxy, as
 * OCA's client uses none. The session goes into the request body only: never a header, a URL,
 * a message or a log.
 */
public final class OneRpcClient {
    /** oned's answers to info calls are a document of a few hundred KiB at most. */
    private static final int MAX_ANSWER = 64 << 20;

    private final OneRpcSettings settings;

    public OneRpcClient(OneRpcSettings settings) {
        this.settings = settings;
    }

    /** oned could not be asked, or did not answer as oned does: the CLI is asked instead. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** oned did not answer within the timeout (the CLI would wait as long: not retried). */
    public static final class TimedOut extends Exception {
        TimedOut(String message) {
            super(message);
        }
    }

    /** oned's answer {@code [success, text, error code, ...]}: the text is the XML or the error. */
    public record Answer(boolean success, String text, int code) {
    }

    /** {@code method(session, args...)}. */
    public Answer call(String method, Object... args) throws Unavailable, TimedOut {
        List<Object> params = new ArrayList<>();
        params.add(settings.session().value());
        params.addAll(List.of(args));
        byte[] request;
        try {
            request = XmlRpc.call(method, params);
        } catch (IllegalArgumentException e) {
            throw new Unavailable(method + ": the session has a character XML cannot carry");
        }
        byte[] body = post(method, request);
        Object v;
        try {
            v = XmlRpc.response(body);
        } catch (XmlRpc.Fault f) {
            throw new Unavailable(method + " got an XML-RPC fault " + f.code + ": " + clean(f.getMessage()));
        } catch (XmlRpc.Malformed m) {
            throw new Unavailable(method + ": the answer is not XML-RPC: " + clean(m.getMessage()));
        }
        if (!(v instanceof List<?> a) || a.size() < 2 || !(a.get(0) instanceof Boolean ok)
                || !(a.get(1) instanceof String text)) {
            throw new Unavailable(method + ": the answer is not oned's [success, text, ...]");
        }
        int code = a.size() > 2 && a.get(2) instanceof Integer c ? c : 0;
        // oned's error text cleaned; the XML of an object is data and stays as it is
        return new Answer(ok, ok ? text : clean(text), code);
    }

    private byte[] post(String method, byte[] request) throws Unavailable, TimedOut {
        HttpURLConnection c = null;
        try {
            c = open(settings, request.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(request);
            }
            int status = c.getResponseCode();
            if (status != 200) {
                drain(c.getErrorStream());
                throw new Unavailable(method + " at " + settings.endpoint() + ": HTTP " + status);
            }
            try (InputStream in = c.getInputStream()) {
                byte[] b = in.readNBytes(MAX_ANSWER + 1);
                if (b.length > MAX_ANSWER) {
                    c.disconnect();
                    throw new Unavailable(method + ": an answer over " + (MAX_ANSWER >> 20) + " MiB");
                }
                return b;
            }
        } catch (SocketTimeoutException e) {
            if (c != null) {
                c.disconnect();
            }
            throw new TimedOut(method + " at " + settings.endpoint() + ": no answer within "
                    + settings.timeout().toSeconds() + " s (ONE_XMLRPC_TIMEOUT)");
        } catch (IOException e) {
            // the JDK's messages name the host and port at most, never the body
            throw new Unavailable(method + " at " + settings.endpoint() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + clean(e.getMessage())));
        }
    }

    /**
     * The POST of a request of {@code length} bytes to oned's endpoint, set up but not connected
     * (that happens at its first write): no proxy, no redirect, no cache, the settings' timeout.
     */
    static HttpURLConnection open(OneRpcSettings settings, int length) throws IOException {
        int ms = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        HttpURLConnection c = (HttpURLConnection) settings.endpoint().toURL().openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout(ms);
        c.setReadTimeout(ms);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "text/xml");
        c.setRequestProperty("Accept-Encoding", "identity");
        c.setRequestProperty("User-Agent", "storage-drivers");
        c.setFixedLengthStreamingMode(length);
        return c;
    }

    /** The rest of an error body read, so that the connection can serve the next call. */
    private static void drain(InputStream in) {
        if (in == null) {
            return;
        }
        try (in) {
            in.readNBytes(1 << 20);
        } catch (IOException e) {
            // the connection is not reused then
        }
    }

    /** Text from the other side: the session taken out wherever it appears. */
    private String clean(String text) {
        return settings.session().redact(text);
    }
}
