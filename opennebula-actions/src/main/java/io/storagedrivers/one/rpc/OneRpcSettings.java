package io.storagedrivers.one.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where oned's XML-RPC API is and who we are to it, found exactly as OpenNebula's Ruby OCA client
 * ({@code OpenNebula::Client}, which {@code onevm} and {@code onedatastore} use) finds them:
 * <ul>
 * <li>the session: the file named by {@code ONE_AUTH} (set, not empty, a regular file), else
 * {@code $HOME/.one/one_auth}, else {@code /var/lib/one/.one/one_auth}; its content with trailing
 * whitespace removed is sent as the first argument of every call;</li>
 * <li>the endpoint: {@code ONE_XMLRPC} when set, else {@code $HOME/.one/one_endpoint}, else
 * {@code /var/lib/one/.one/one_endpoint}, else {@code http://localhost:2633/RPC2}; a URL without a
 * path means {@code /RPC2}, without a port 80;</li>
 * <li>the timeout of the connection and of the answer: {@code ONE_XMLRPC_TIMEOUT} seconds, else 30.</li>
 * </ul>
 * Only what oneadmin's frontend uses is taken here: a one-line {@code user:secret} session (a core
 * password or a login token) and a plain {@code http} endpoint. Anything else (no session file,
 * https with its certificate settings, credentials in the URL, a multi-line or unreadable file, a
 * timeout that is not a whole number of seconds) gives {@link #find} an empty answer with the
 * reason, and the caller runs the CLI as before, which then does whatever it does with them; so
 * does {@code STORAGE_DRIVERS_ONE_API=0}.
 */
public final class OneRpcSettings {
    /** {@code 0}: never the API, always the CLI (an operator's off switch; the test harnesses' stand-ins). */
    public static final String SWITCH = "STORAGE_DRIVERS_ONE_API";
    static final String DEFAULT_ENDPOINT = "http://localhost:2633/RPC2";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The OpenNebula user's home of a packaged install: OCA's last resort for both files. */
    static final Path ONE_HOME = Path.of("/var/lib/one");
    /** A session file is a line; a longer file is not one oneadmin's frontend writes. */
    private static final int MAX_FILE = 64 * 1024;
    /** {@code user:secret}, one line: no control characters, a user without ':' or blanks. */
    private static final Pattern SESSION = Pattern.compile("[^:\\s\\p{Cntrl}]+:[^\\p{Cntrl}]+");
    /** Ruby's String#rstrip: trailing NULs and ASCII whitespace. */
    private static final Pattern RSTRIP = Pattern.compile("[\\x00\\t\\n\\x0b\\f\\r ]+\\z");

    private final URI endpoint;
    private final Session session;
    private final Duration timeout;

    OneRpcSettings(URI endpoint, Session session, Duration timeout) {
        this.endpoint = endpoint;
        this.session = session;
        this.timeout = timeout;
    }

    /** The settings, or why the CLI is used instead ({@link Found#settings} null). */
    public record Found(OneRpcSettings settings, String why) {
    }

    public static Found find(Map<String, String> env) {
        return find(env, ONE_HOME);
    }

    static Found find(Map<String, String> env, Path oneHome) {
        if ("0".equals(env.get(SWITCH))) {
            return new Found(null, SWITCH + "=0");
        }
        Path auth = sessionFile(env, oneHome);
        if (auth == null) {
            return new Found(null, "no ONE_AUTH file (ONE_AUTH, ~/.one/one_auth, " + oneHome + "/.one/one_auth)");
        }
        String secret;
        try {
            secret = rstrip(read(auth));
        } catch (IOException e) {
            return new Found(null, "cannot read " + auth + " (" + e.getClass().getSimpleName() + ")");
        }
        if (!SESSION.matcher(secret).matches()) {
            // never the content: it is the secret
            return new Found(null, auth + " does not hold one user:secret line");
        }
        String url;
        try {
            url = endpointText(env, oneHome);
        } catch (IOException e) {
            return new Found(null, "cannot read the endpoint file (" + e.getClass().getSimpleName() + ")");
        }
        URI uri = endpoint(url);
        if (uri == null) {
            return new Found(null, "endpoint " + io.storagedrivers.validate.Printable.value(withoutUserInfo(url))
                    + " is not a plain http://host[:port][/path] URL");
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String t = env.get("ONE_XMLRPC_TIMEOUT");
        if (t != null) {
            if (!t.matches("[0-9]{1,6}") || Integer.parseInt(t) == 0) {
                return new Found(null, "ONE_XMLRPC_TIMEOUT is not a whole number of seconds");
            }
            timeout = Duration.ofSeconds(Integer.parseInt(t));
        }
        return new Found(new OneRpcSettings(uri, new Session(secret), timeout), "");
    }

    private static Path sessionFile(Map<String, String> env, Path oneHome) {
        String a = env.get("ONE_AUTH");
        if (a != null && !a.isEmpty() && Files.isRegularFile(Path.of(a))) {
            return Path.of(a);
        }
        String home = env.get("HOME");
        if (home != null && Files.isRegularFile(Path.of(home, ".one", "one_auth"))) {
            return Path.of(home, ".one", "one_auth");
        }
        Path last = oneHome.resolve(".one/one_auth");
        return Files.isRegularFile(last) ? last : null;
    }

    private static String endpointText(Map<String, String> env, Path oneHome) throws IOException {
        if (env.containsKey("ONE_XMLRPC")) {
            return rstrip(env.get("ONE_XMLRPC"));
        }
        String home = env.get("HOME");
        if (home != null && Files.exists(Path.of(home, ".one", "one_endpoint"))) {
            return rstrip(read(Path.of(home, ".one", "one_endpoint")));
        }
        Path last = oneHome.resolve(".one/one_endpoint");
        return Files.exists(last) ? rstrip(read(last)) : DEFAULT_ENDPOINT;
    }

    /** {@code http://host[:port][/path]}, no credentials, query or fragment; null otherwise. */
    static URI endpoint(String url) {
        try {
            URI u = new URI(url);
            if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                return null;
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/RPC2" : u.getRawPath();
            return new URI("http", null, u.getHost(), u.getPort() < 0 ? 80 : u.getPort(), null, null, null)
                    .resolve(path);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The URL as it may be printed: any {@code user:password@} taken out. */
    private static String withoutUserInfo(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
    }

    private static String read(Path p) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(p)) {
            b = in.readNBytes(MAX_FILE + 1);
        }
        if (b.length > MAX_FILE) {
            throw new IOException("longer than " + MAX_FILE + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8");
        }
    }

    static String rstrip(String s) {
        return RSTRIP.matcher(s).replaceFirst("");
    }

    public URI endpoint() {
        return endpoint;
    }

    Session session() {
        return session;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Never the session. */
    @Override
    public String toString() {
        return "oned at " + endpoint + " (timeout " + timeout.toSeconds() + " s)";
    }

    /** The session string: kept out of every string form (logs, messages, debuggers' toString). */
    static final class Session {
        private final String value;

        Session(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }

        /** {@code text} with the session, and its secret part, replaced by {@code ***}. */
        String redact(String text) {
            if (text == null) {
                return null;
            }
            String out = text.replace(value, "***");
            String secret = value.substring(value.indexOf(':') + 1);
            return secret.length() >= 4 ? out.replace(secret, "***") : out;
        }

        @Override
        public String toString() {
            return "***";
        }
    }
}
