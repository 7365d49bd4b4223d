package io.storagedrivers.exec.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The subset of OpenSSH's client configuration the drivers honour, parsed with OpenSSH's rules:
 * keywords case-insensitive, {@code keyword value} or {@code keyword=value}, double-quoted
 * arguments, {@code Host} patterns with {@code *}, {@code ?} and {@code !negation}, lines before
 * the first {@code Host} apply to every host, the first value obtained for a keyword wins
 * ({@code IdentityFile} accumulates), {@code Include} (globs, relative to ~/.ssh or /etc/ssh)
 * ({@link SshConfigParser}, {@link HostPatterns}).
 * {@code Match} blocks are not evaluated: their lines are ignored.
 *
 * <p>We parse it ourselves because JSch's OpenSSHConfig merges repeated {@code Host} patterns
 * (the last block with a given pattern replaces earlier ones) and cannot express "first value wins"
 * across files.
 */
public final class SshConfig {

    /** Set to a file to read only that file (like {@code ssh -F}). */
    public static final String ENV_CONFIG = "STORAGE_DRIVERS_SSH_CONFIG";

    private final List<SshConfigEntry> entries;
    private final String source;

    private SshConfig(List<SshConfigEntry> entries, String source) {
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
        List<SshConfigEntry> entries = new ArrayList<>();
        List<String> read = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f) && !mustExist) {
                continue;
            }
            try {
                SshConfigParser.parseFile(f, entries, 0);
                read.add(f.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read SSH config " + f + ": " + e.getMessage(), e);
            }
        }
        return new SshConfig(entries, read.isEmpty() ? "(no SSH config file)" : String.join(", ", read));
    }

    /** Parses configuration text (for tests). */
    public static SshConfig parse(String text) {
        List<SshConfigEntry> entries = new ArrayList<>();
        SshConfigParser.parseText(text, Path.of("."), entries, 0);
        return new SshConfig(entries, "(text)");
    }

    /** The files this configuration was read from, for error messages. */
    public String source() {
        return source;
    }

    /**
     * The host names the Host lines name one by one (patterns with {@code *}, {@code ?} or
     * {@code !} left out), in file order without repeats: the hosts this user reaches by name.
     */
    public List<String> hostAliases() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (SshConfigEntry e : entries) {
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
        for (SshConfigEntry e : entries) {
            if (!HostPatterns.matches(e.patterns(), alias)) {
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
        for (SshConfigEntry e : entries) {
            if (e.keyword().equals(keyword) && HostPatterns.matches(e.patterns(), alias)) {
                return e.args().get(0);
            }
        }
        return null;
    }
}
