package io.storagedrivers.linstor.sim;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.storagedrivers.linstor.api.Json;
import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.sim.SimRouter.SimReply;

/** One request to the simulated controller: method, decoded path segments, query, JSON body. */
record SimRequest(String method, String path, Map<String, List<String>> query, byte[] body) {

    static SimRequest of(String method, String rawPath, String rawQuery, byte[] body) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        return new SimRequest(method, rawPath, q, body == null ? new byte[0] : body);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    List<String> queryList(String key) {
        return query.getOrDefault(key, List.of());
    }

    boolean queryFlag(String key) {
        return queryList(key).stream().anyMatch("true"::equalsIgnoreCase);
    }

    /** Parses the body strictly (unknown fields rejected, like the real controller). */
    <T> T body(Class<T> type) {
        try {
            return Json.STRICT.readValue(body, type);
        } catch (IOException e) {
            throw parseError(e);
        }
    }

    <T> T body(TypeReference<T> type) {
        try {
            return Json.STRICT.readValue(body, type);
        } catch (IOException e) {
            throw parseError(e);
        }
    }

    /** Optional body: empty means {@code null}. */
    <T> T optionalBody(Class<T> type) {
        return body.length == 0 ? null : body(type);
    }

    private static SimError parseError(IOException e) {
        String cause = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return new SimError(400, List.of(Rcs.entry(0, RetCodes.API_CALL_PARSE_ERROR, 0,
                "Unable to parse input json.", null, cause, null, null)));
    }

    static SimReply ok(Object body) {
        return new SimReply(200, body);
    }
}
