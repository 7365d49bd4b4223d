package io.storagedrivers.exec.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to reach one host, resolved from the SSH configuration with OpenSSH's defaults filled in.
 *
 * @param alias           the name we were asked for (OpenNebula's host name)
 * @param hostName        where to connect (HostName, default: the alias)
 * @param port            Port, default 22
 * @param user            User, default the local user
 * @param connectTimeout  ConnectTimeout, default 30 s
 * @param hostKeyAlias    HostKeyAlias, or null
 * @param identityFiles   IdentityFile entries (~ and %-tokens expanded), default ~/.ssh/id_{ed25519,ecdsa,rsa}
 * @param knownHostsFiles UserKnownHostsFile then GlobalKnownHostsFile entries, OpenSSH's defaults when unset
 * @param unsupported     a keyword we cannot honour (ProxyJump, ProxyCommand), or null
 */
public record HostSettings(String alias, String hostName, int port, String user, Duration connectTimeout,
                           String hostKeyAlias, List<Path> identityFiles, List<Path> knownHostsFiles,
                           String unsupported) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    static HostSettings of(String alias, String hostName, String user, String port, String timeout,
                           String keyAlias, List<String> ids, List<String> userKnown, List<String> globalKnown,
                           String proxy, Map<String, String> local) {
        String home = local.get("home");
        String localUser = local.get("user");
        String host = hostName == null ? alias : tokens(hostName, alias, alias, "", "22", home, localUser);
        int p = port == null ? 22 : parseInt("Port", port, 1, 65535, alias);
        String u = user == null ? localUser : user;
        Duration t = timeout == null || timeout.equalsIgnoreCase("none") ? DEFAULT_CONNECT_TIMEOUT
                : Duration.ofSeconds(parseInt("ConnectTimeout", timeout, 1, 3600, alias));
        String ps = String.valueOf(p);

        List<String> idSpecs = ids.isEmpty()
                ? List.of("~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa") : ids;
        List<Path> idPaths = new ArrayList<>();
        for (String s : idSpecs) {
            if (!s.equalsIgnoreCase("none")) {
                idPaths.add(Path.of(tokens(s, host, alias, u, ps, home, localUser)));
            }
        }
        List<Path> known = new ArrayList<>();
        for (String s : userKnown == null ? List.of("~/.ssh/known_hosts", "~/.ssh/known_hosts2") : userKnown) {
            if (!s.equalsIgnoreCase("none")) {
                known.add(Path.of(tokens(s, host, alias, u, ps, home, localUser)));
            }
        }
        for (String s : globalKnown == null ? List.of("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2")
                : globalKnown) {
            if (!s.equalsIgnoreCase("none")) {
                known.add(Path.of(tokens(s, host, alias, u, ps, home, localUser)));
            }
        }
        return new HostSettings(alias, host, p, u, t, keyAlias, List.copyOf(idPaths), List.copyOf(known), proxy);
    }

    private static int parseInt(String keyword, String value, int min, int max, String alias) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad " + keyword + " '" + value + "' in SSH config for " + alias);
    }

    /** OpenSSH's %-tokens we support (%h %n %r %p %d %u %%) and a leading ~. */
    static String tokens(String s, String host, String alias, String remoteUser, String port, String home,
                         String localUser) {
        String v = s.equals("~") || s.startsWith("~/") ? home + s.substring(1) : s;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '%' || i + 1 >= v.length()) {
                sb.append(c);
                continue;
            }
            char k = v.charAt(++i);
            switch (k) {
                case 'h' -> sb.append(host);
                case 'n' -> sb.append(alias);
                case 'r' -> sb.append(remoteUser);
                case 'p' -> sb.append(port);
                case 'd' -> sb.append(home);
                case 'u' -> sb.append(localUser);
                case '%' -> sb.append('%');
                default -> sb.append('%').append(k);
            }
        }
        return sb.toString();
    }

    /** "user@host:port" for messages. */
    public String target() {
        return user + "@" + hostName + ":" + port;
    }
}
