package io.storagedrivers.cinderbridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.storagedrivers.cinderbridge.ops.ApiException;
import io.storagedrivers.cinderbridge.ops.BackendGate;
import io.storagedrivers.cinderbridge.ops.ApiException.Code;
import io.storagedrivers.cinderbridge.ops.BridgeBackend;
import io.storagedrivers.cinderbridge.ops.OpRequest;
import io.storagedrivers.cinderbridge.ops.Operations;
import io.storagedrivers.validate.Printable;

/**
 * The one HTTP handler: authenticates (before anything else is looked at), routes
 * {@code /v1/<backend>/<operation>}, decodes the JSON body, runs the operation and writes the JSON
 * answer. Errors are {@code {"error": {"code": ..., "message": ...}}} with the code's HTTP status.
 * One log line per request on stderr, never with the body or the token.
 */
public final class ApiHandler implements HttpHandler {
    /** Requests are small JSON documents; anything larger is refused unread. */
    static final int MAX_BODY = 1024 * 1024;

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            // sizes are whole GiB: 1.5 is refused, never cut to 1 (nor rounded: Cinder itself
            // only has whole GiB, so a fraction is a caller's bug to report)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

    private final BearerAuth auth;
    private final Map<String, BridgeBackend> backends;
    private final Operations operations;
    private final String version;
    private final PrintStream log;

    public ApiHandler(BearerAuth auth, Map<String, BridgeBackend> backends, Operations operations, String version,
            PrintStream log) {
        this.auth = auth;
        this.backends = Map.copyOf(backends);
        this.operations = operations;
        this.version = version;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        int status;
        String failure = "";
        try {
            status = dispatch(ex);
        } catch (ApiException e) {
            String message = Printable.line(e.getMessage());
            status = sendError(ex, e.code(), message);
            failure = " " + e.code() + ": " + message;
        } catch (RuntimeException e) {
            synchronized (log) {
                log.println("ERROR cinder-bridge: " + ex.getRequestMethod() + " " + Printable.line(ex.getRequestURI().getRawPath()));
                e.printStackTrace(log);
            }
            status = sendError(ex, Code.INTERNAL, "internal error in the bridge (see its log)");
        } finally {
            ex.close();
        }
        log.printf("INFO cinder-bridge: %s %s %d %d ms%s%n", ex.getRequestMethod(), Printable.line(ex.getRequestURI().getRawPath()),
                status, (System.nanoTime() - start) / 1_000_000, failure);
    }

    private int dispatch(HttpExchange ex) throws IOException {
        if (!auth.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            return sendError(ex, Code.UNAUTHORIZED, "missing or wrong bearer token");
        }
        List<String> parts = List.of(ex.getRequestURI().getRawPath().split("/", -1));
        // "/v1/x/y" splits into "", "v1", "x", "y"
        if (parts.size() == 3 && parts.get(1).equals("v1") && parts.get(2).equals("health")) {
            requireMethod(ex, "GET");
            return send(ex, 200, Map.of("status", "ok", "version", version, "backends", backends.keySet()));
        }
        if (parts.size() != 4 || !parts.get(1).equals("v1")) {
            throw new ApiException(Code.NOT_FOUND, "no such resource: " + ex.getRequestURI().getRawPath());
        }
        BridgeBackend backend = backends.get(parts.get(2));
        if (backend == null) {
            throw new ApiException(Code.NOT_FOUND, "no backend named '" + parts.get(2) + "' in the bridge config");
        }
        Operations.Entry entry = operations.find(parts.get(3))
                .orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no operation named '" + parts.get(3) + "'"));
        requireMethod(ex, entry.get() ? "GET" : "POST");
        OpRequest request = entry.get() ? null : readBody(ex);
        try (BackendGate.Turn turn = backend.gate().enter()) {
            return send(ex, 200, entry.op().apply(backend, request));
        }
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equals(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw new ApiException(Code.METHOD_NOT_ALLOWED, "use " + method + " for this resource");
        }
    }

    private static OpRequest readBody(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new ApiException(Code.TOO_LARGE, "request body larger than " + MAX_BODY + " bytes");
        }
        try {
            OpRequest r = JSON.readValue(body, OpRequest.class);
            if (r == null) {
                throw ApiException.invalid("request body must be a JSON object");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("request body is not valid JSON for this operation: " + field(e)
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** {@code volume.size_gb: } for a value of the wrong type, "" for a syntax error. */
    private static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb + ": ";
    }

    private static int sendError(HttpExchange ex, Code code, String message) throws IOException {
        return send(ex, code.status(), Map.of("error", Map.of("code", code.name(), "message", message)));
    }

    private static int send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }
}
