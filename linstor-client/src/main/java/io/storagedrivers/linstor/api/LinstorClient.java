package io.storagedrivers.linstor.api;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.storagedrivers.linstor.api.LinstorHttp.Reply;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.ControllerVersion;
import io.storagedrivers.linstor.api.dto.Node;
import io.storagedrivers.linstor.api.dto.StoragePool;

/**
 * Low-level LINSTOR REST client: one method per endpoint family lives in {@link Endpoints};
 * this class turns replies into DTOs or typed exceptions. Thread-safe (java.net.http).
 */
public class LinstorClient implements AutoCloseable {
    static final TypeReference<List<ApiCallRc>> RC_LIST = new TypeReference<>() { };
    /**
     * The oldest REST API this client works with: server-side clone ({@code POST .../clone} and its
     * status) came with 1.10; everything else used is older. Features newer than this (multi-volume
     * snapshots, 1.18) are checked where they are used ({@link #supports}).
     */
    public static final String MIN_REST_API = "1.10.0";

    private final LinstorHttp http;
    private final Endpoints endpoints;
    private volatile ControllerVersion checked;

    public LinstorClient(ClientConfig cfg) {
        this.http = new LinstorHttp(cfg);
        this.endpoints = new Endpoints(this);
    }

    /**
     * Where INFO-level events go (controller failover): one line each, for the caller's log. The
     * default drops them.
     */
    public LinstorClient onNotice(java.util.function.Consumer<String> sink) {
        http.notices(sink);
        return this;
    }

    /**
     * Asks the controller for its version once, before the first request of this client, and
     * refuses one whose REST API is older than {@link #MIN_REST_API} (or not 1.x) in one line, as
     * python-linstor refuses controllers it does not speak to.
     */
    private ControllerVersion requireVersion() {
        ControllerVersion v = checked;
        if (v != null) {
            return v;
        }
        Reply r = http.get("/v1/controller/version");
        if (r.status() >= 300) {
            throw errorOf(r);
        }
        v = parse(r, new TypeReference<ControllerVersion>() { });
        String api = v.restApiVersion() == null ? "" : v.restApiVersion().strip();
        if (!api.startsWith("1.") || RestVersion.compare(api, MIN_REST_API) < 0) {
            throw new LinstorException("LINSTOR controller " + r.controller() + " (LINSTOR " + v.version()
                    + ") speaks REST API " + (api.isEmpty() ? "?" : api) + "; this driver needs " + MIN_REST_API
                    + " or newer 1.x: upgrade the controller");
        }
        checked = v;
        return v;
    }

    /** Whether the controller's REST API is at least {@code restApi} (e.g. "1.18.0"). */
    public boolean supports(String restApi) {
        return RestVersion.compare(requireVersion().restApiVersion().strip(), restApi) >= 0;
    }

    /** Every REST call this project uses, typed. */
    public Endpoints api() {
        return endpoints;
    }

    public URI activeController() {
        return http.activeController();
    }

    /** The controller's version (checked against {@link #MIN_REST_API}; asked once per client). */
    public ControllerVersion version() {
        return requireVersion();
    }

    public List<Node> nodes() {
        return get("/v1/nodes", new TypeReference<>() { });
    }

    /** Pools of the given nodes / pool names (null = all) from /v1/view/storage-pools. */
    public List<StoragePool> storagePools(List<String> nodes, List<String> pools) {
        return get("/v1/view/storage-pools" + Paths.query("nodes", nodes, "storage_pools", pools),
                new TypeReference<>() { });
    }

    /** GET that returns a body; error replies become exceptions. */
    public <T> T get(String pathAndQuery, TypeReference<T> type) {
        requireVersion();
        Reply r = http.get(pathAndQuery);
        if (r.status() >= 300) {
            throw errorOf(r);
        }
        return parse(r, type);
    }

    /** A change answered with an ApiCallRc list; throws on an error entry, returns warnings too. */
    public List<ApiCallRc> change(String method, String pathAndQuery, Object body, Retry retry) {
        requireVersion();
        Reply r = http.change(method, pathAndQuery, bytes(body), retry);
        if (r.status() >= 300 && !isJsonArray(r)) {
            throw errorOf(r);
        }
        return ApiCalls.requireSuccess(parse(r, RC_LIST), r.status());
    }

    /** A change that answers with an object (clone); errors may hide inside it. */
    <T> T changeForObject(String method, String path, Object body, Retry retry, TypeReference<T> type) {
        requireVersion();
        Reply r = http.change(method, path, bytes(body), retry);
        if (isJsonArray(r)) {
            ApiCalls.requireSuccess(parse(r, RC_LIST), r.status());
        }
        return parse(r, type);
    }

    private static boolean isJsonArray(Reply r) {
        String t = r.text().stripLeading();
        return t.startsWith("[");
    }

    private RuntimeException errorOf(Reply r) {
        if (isJsonArray(r)) {
            List<ApiCallRc> rcs = parse(r, RC_LIST);
            if (!rcs.isEmpty()) {
                ApiCallRc worst = ApiCalls.worst(rcs).orElseThrow();
                return LinstorApiException.of(worst, rcs, r.status());
            }
        }
        String text = r.text().strip();
        return new LinstorException("LINSTOR controller " + r.controller() + " answered HTTP " + r.status()
                + (text.isEmpty() ? "" : ": " + DriverText.firstLine(text)));
    }

    private static byte[] bytes(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return Json.LENIENT.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    private static <T> T parse(Reply r, TypeReference<T> type) {
        try {
            return Json.LENIENT.readValue(r.body(), type);
        } catch (IOException e) {
            throw new LinstorException("LINSTOR controller " + r.controller() + " sent unreadable JSON (HTTP "
                    + r.status() + "): " + DriverText.firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads are daemons
    }

    /** Tiny text helper (kept here to avoid a dependency on the CLI package). */
    static final class DriverText {
        private DriverText() {
        }

        static String firstLine(String s) {
            int nl = s.indexOf('\n');
            String line = nl < 0 ? s : s.substring(0, nl);
            return line.length() > 200 ? line.substring(0, 200) + "..." : line;
        }
    }
}
