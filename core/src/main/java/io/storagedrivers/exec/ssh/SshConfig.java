package io.storagedrivers.exec.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The subset of OpenSSH's client configuration the drivers honour, parsed with OpenSSH's rules:
 * keywords case-insensitive, {@code keyword value} or {@code keyword=value}, double-quoted
 * arguments, {@code Host} patterns with {@code *}, {@code ?} and {@code !negation}, lines before
 * the first {@code Host} apply to every host, the first value obtained for a keyword wins
 * ({@code IdentityFile} accumulates), {@code Include} (globs, relative to ~/.ssh or /etc/ssh).
 * {@code Match} blocks are not evaluated: their lines are ignored.
 *
 * <p>We parse it ourselves because JSch's OpenSSHConfig merges repeated {@code Host} patterns
 * (the last block with a given pattern replaces earlier ones) and cannot express "first value wins"
 * across files.
 */
public final class SshConfig {

    /** Set to a file to read only that file (like {@code ssh -F}). */
    public static final String ENV_CONFIG = "STORAGE_DRIVERS_SSH_CONFIG";
    private static final int MAX_INCLUDE_DEPTH = 8;

    /** One keyword line, with the Host patterns of the block it is in (null = every host). */
    private record Entry(List<String> patterns, String keyword, List<String> args) {
    }

    private final List<Entry> entries;
    private final String source;

    private SshConfig(List<Entry> entries, String source) {
        this.entries = List.copyOf(entries);
        this.source = source;
    }

    /**
     * The configuration the driver's user would get from {@code ssh}: {@code $STORAGE_DRIVERS_SSH_CONFIG}
     * alone when set, else {@code ~/.ssh/config} followed by {@code /etc/ssh/ssh_config} (each if present).
     */
    public static SshConfig fromEnvironment() {
        String only = System.getenv(ENV_CONFIG);
        if (only != null && !only.isBlank()) {
            return load(List.of(Path.of(only)), true);
        }
        Path home = Path.of(System.getProperty("user.home"));
        return load(List.of(home.resolve(".ssh/config"), Path.of("/etc/ssh/ssh_config")), false);
    }

    /** Reads {@code files} in order; a missing file is an error only when {@code mustExist}. */
    public static SshConfig load(List<Path> files, boolean mustExist) {
        List<Entry> entries = new ArrayList<>();
        List<String> read = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f) && !mustExist) {
                continue;
            }
            try {
                parseFile(f, entries, 0);
                read.add(f.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read SSH config " + f + ": " + e.getMessage(), e);
            }
        }
        return new SshConfig(entries, read.isEmpty() ? "(no SSH config file)" : String.join(", ", read));
    }

    /** Parses configuration text (for tests). */
    public static SshConfig parse(String text) {
        List<Entry> entries = new ArrayList<>();
        parseText(text, Path.of("."), entries, 0);
        return new SshConfig(entries, "(text)");
    }

    /** The files this configuration was read from, for error messages. */
    public String source() {
        return source;
    }

    private static void parseFile(Path file, List<Entry> out, int depth) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        parseText(text, file.toAbsolutePath().getParent(), out, depth);
    }

    private static void parseText(String text, Path dir, List<Entry> out, int depth) {
        // Each file starts outside any Host block, as in OpenSSH.
        List<String> patterns = null;
        boolean skipping = false;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            switch (keyword) {
                case "host" -> {
                    patterns = List.copyOf(args);
                    skipping = false;
                    if (!patterns.isEmpty()) {
                        out.add(new Entry(patterns, "host", patterns)); // only read by hostAliases()
                    }
                }
                case "match" -> skipping = true;
                case "include" -> {
                    if (!skipping) {
                        include(args, dir, patterns, out, depth);
                    }
                }
                default -> {
                    if (!skipping && !args.isEmpty()) {
                        out.add(new Entry(patterns, keyword, List.copyOf(args)));
                    }
                }
            }
        }
    }

    private static void include(List<String> args, Path dir, List<String> patterns, List<Entry> out, int depth) {
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new IllegalArgumentException("SSH config Include nested too deeply");
        }
        for (String arg : args) {
            Path pattern = Path.of(expandTilde(arg));
            if (!pattern.isAbsolute()) {
                pattern = dir.resolve(pattern);
            }
            Path parent = pattern.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                continue;
            }
            List<Path> matches = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, pattern.getFileName().toString())) {
                ds.forEach(matches::add);
                matches.sort(null);
                for (Path m : matches) {
                    List<Entry> sub = new ArrayList<>();
                    parseFile(m, sub, depth + 1);
                    // an Include inside a Host block applies only to that block's hosts
                    for (Entry e : sub) {
                        out.add(patterns != null && e.patterns() == null ? new Entry(patterns, e.keyword(), e.args()) : e);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read SSH config include " + pattern + ": " + e.getMessage(), e);
            }
        }
    }

    /** Splits a config line: keyword, then arguments separated by blanks (one '=' allowed after the keyword). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        // keyword
        int start = i;
        while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '=') {
            i++;
        }
        out.add(line.substring(start, i));
        while (i < n && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i < n && line.charAt(i) == '=') {
            i++;
        }
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder w = new StringBuilder();
            if (line.charAt(i) == '"') {
                i++;
                while (i < n && line.charAt(i) != '"') {
                    w.append(line.charAt(i++));
                }
                i++; // closing quote (or end of line)
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    w.append(line.charAt(i++));
                }
            }
            out.add(w.toString());
        }
        return out;
    }

    /**
     * The host names the Host lines name one by one (patterns with {@code *}, {@code ?} or
     * {@code !} left out), in file order without repeats: the hosts this user reaches by name.
     */
    public List<String> hostAliases() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.keyword().equals("host")) {
                e.args().stream().filter(p -> p.chars().noneMatch(c -> c == '*' || c == '?' || c == '!'))
                        .forEach(out::add);
            }
        }
        return List.copyOf(out);
    }

    /** The settings for {@code alias} (a host name as OpenNebula gives it). */
    public HostSettings resolve(String alias) {
        String hostName = first(alias, "hostname");
        String user = first(alias, "user");
        String port = first(alias, "port");
        String timeout = first(alias, "connecttimeout");
        String keyAlias = first(alias, "hostkeyalias");
        List<String> ids = new ArrayList<>();
        List<String> userKnown = null;
        List<String> globalKnown = null;
        String proxy = null;
        for (Entry e : entries) {
            if (!matches(e.patterns(), alias)) {
                continue;
            }
            switch (e.keyword()) {
                case "identityfile" -> ids.add(e.args().get(0));
                case "userknownhostsfile" -> userKnown = userKnown == null ? e.args() : userKnown;
                case "globalknownhostsfile" -> globalKnown = globalKnown == null ? e.args() : globalKnown;
                case "proxyjump", "proxycommand" -> {
                    if (proxy == null && !e.args().get(0).equalsIgnoreCase("none")) {
                        proxy = e.keyword();
                    }
                }
                default -> {
                }
            }
        }
        return HostSettings.of(alias, hostName, user, port, timeout, keyAlias, ids, userKnown, globalKnown, proxy,
                Map.of("home", System.getProperty("user.home"), "user", System.getProperty("user.name")));
    }

    private String first(String alias, String keyword) {
        for (Entry e : entries) {
            if (e.keyword().equals(keyword) && matches(e.patterns(), alias)) {
                return e.args().get(0);
            }
        }
        return null;
    }

    /** OpenSSH's Host matching: some positive pattern matches and no negated one does. */
    static boolean matches(List<String> patterns, String host) {
        if (patterns == null) {
            return true;
        }
        boolean any = false;
        for (String p : patterns) {
            if (p.startsWith("!")) {
                if (glob(p.substring(1), host)) {
                    return false;
                }
            } else if (glob(p, host)) {
                any = true;
            }
        }
        return any;
    }

    /** {@code *} and {@code ?} wildcards, case-insensitive like OpenSSH's host matching. */
    static boolean glob(String pattern, String s) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String t = s.toLowerCase(Locale.ROOT);
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    static String expandTilde(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }
}
