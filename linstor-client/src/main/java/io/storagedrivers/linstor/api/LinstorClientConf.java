package io.storagedrivers.linstor.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LINSTOR's own client configuration, {@code /etc/linstor/linstor-client.conf}, read as the
 * {@code linstor} command reads it: an INI file whose {@code [global]} section holds defaults for
 * its options, of which a driver uses {@code controllers}, {@code cafile}, {@code certfile} and
 * {@code keyfile} (PEM files). A missing file is no configuration; other sections are ignored.
 * The path can be changed with the environment variable {@value #PATH_ENV} (tests, non-default installs).
 */
public final class LinstorClientConf {
    public static final Path DEFAULT_PATH = Path.of("/etc/linstor/linstor-client.conf");
    public static final String PATH_ENV = "STORAGE_DRIVERS_LINSTOR_CLIENT_CONF";
    /** The [global] keys a driver uses. */
    public static final List<String> KEYS = List.of("controllers", "cafile", "certfile", "keyfile");

    private LinstorClientConf() {
    }

    /** The file named by {@value #PATH_ENV} in {@code env}, else {@link #DEFAULT_PATH}. */
    public static Path path(Map<String, String> env) {
        String p = env.get(PATH_ENV);
        return p == null || p.isBlank() ? DEFAULT_PATH : Path.of(p.strip());
    }

    /** The used {@code [global]} keys of {@code file} (lower case), empty when there is no such file. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new HashMap<>();
        String section = "";
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                continue;
            }
            int eq = indexOfSeparator(line);
            if (!"global".equals(section) || eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('_', '-');
            if (KEYS.contains(key)) {
                out.put(key, unquote(line.substring(eq + 1).strip()));
            }
        }
        return Map.copyOf(out);
    }

    /** INI allows {@code key = value} and {@code key: value}. */
    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
