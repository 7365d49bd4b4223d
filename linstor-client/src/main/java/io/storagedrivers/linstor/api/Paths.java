package io.storagedrivers.linstor.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.StringJoiner;

/** Builds REST paths: every path segment and query value URL-encoded; array filters repeat the key. */
public final class Paths {
    private Paths() {
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** "/v1/resource-definitions/" + encoded segments joined by '/'. */
    public static String path(String prefix, Object... segments) {
        StringBuilder sb = new StringBuilder(prefix);
        for (Object s : segments) {
            sb.append('/').append(enc(String.valueOf(s)));
        }
        return sb.toString();
    }

    /** Query string ("" when empty) from alternating key, value-or-collection arguments. */
    public static String query(Object... keyValues) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = (String) keyValues[i];
            Object v = keyValues[i + 1];
            if (v instanceof Collection<?> c) {
                c.forEach(x -> q.add(enc(key) + "=" + enc(String.valueOf(x))));
            } else if (v != null) {
                q.add(enc(key) + "=" + enc(String.valueOf(v)));
            }
        }
        return q.toString();
    }
}
