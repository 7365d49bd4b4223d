package io.storagedrivers.linstor.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses controller lists the way python-linstor does: comma-separated entries, each
 * {@code linstor://host[:port]} (HTTP, 3370), {@code linstor+ssl://} or {@code https://} (HTTPS,
 * 3371), {@code http://} (HTTP, 3370); a bare {@code host[:port]} means {@code linstor://}.
 * The result is plain http/https base URIs.
 */
public final class ControllerList {
    public static final int HTTP_PORT = 3370;
    public static final int HTTPS_PORT = 3371;

    private ControllerList() {
    }

    public static List<URI> parse(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("no LINSTOR controller configured");
        }
        List<URI> out = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            if (!entry.isEmpty()) {
                out.add(parseOne(entry));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no LINSTOR controller in '" + list + "'");
        }
        return List.copyOf(out);
    }

    static URI parseOne(String entry) {
        String text = entry.contains("://") ? entry : "linstor://" + entry;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad LINSTOR controller '" + entry + "': " + e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "linstor", "http" -> false;
            case "linstor+ssl", "https" -> true;
            default -> throw new IllegalArgumentException("bad LINSTOR controller '" + entry
                    + "': scheme must be linstor, linstor+ssl, http or https");
        };
        if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath()))
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("bad LINSTOR controller '" + entry + "': expected scheme://host[:port]");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? HTTPS_PORT : HTTP_PORT);
        return URI.create((tls ? "https" : "http") + "://" + hostPart(uri.getHost()) + ":" + port);
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
