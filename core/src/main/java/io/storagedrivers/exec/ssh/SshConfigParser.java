package io.storagedrivers.exec.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads OpenSSH client configuration text into {@link SshConfigEntry} lines, with OpenSSH's rules:
 * keywords case-insensitive, {@code keyword value} or {@code keyword=value}, double-quoted
 * arguments, {@code Match} blocks skipped, {@code Include} globs resolved relative to the
 * including file's directory (an Include inside a Host block applies to that block's hosts).
 */
final class SshConfigParser {
    private static final int MAX_INCLUDE_DEPTH = 8;

    private SshConfigParser() {
    }

    static void parseFile(Path file, List<SshConfigEntry> out, int depth) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        parseText(text, file.toAbsolutePath().getParent(), out, depth);
    }

    static void parseText(String text, Path dir, List<SshConfigEntry> out, int depth) {
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
                        out.add(new SshConfigEntry(patterns, "host", patterns)); // only read by hostAliases()
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
                        out.add(new SshConfigEntry(patterns, keyword, List.copyOf(args)));
                    }
                }
            }
        }
    }

    private static void include(List<String> args, Path dir, List<String> patterns, List<SshConfigEntry> out, int depth) {
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
                    List<SshConfigEntry> sub = new ArrayList<>();
                    parseFile(m, sub, depth + 1);
                    // an Include inside a Host block applies only to that block's hosts
                    for (SshConfigEntry e : sub) {
                        out.add(patterns != null && e.patterns() == null ? new SshConfigEntry(patterns, e.keyword(), e.args()) : e);
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

    static String expandTilde(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }
}
