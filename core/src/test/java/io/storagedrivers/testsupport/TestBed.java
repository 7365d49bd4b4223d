package io.storagedrivers.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The test bed (scripts/testbed.sh) as seen by an integration test: the {@code TB_*} variables of
 * its {@code env.sh}, taken from the environment (scripts/test.sh exports them) and completed from
 * {@code $TB_DIR/env.sh} when only {@code TB_DIR} is set.
 *
 * <p>Call {@link #require()} first in every IT that needs it (e.g. in {@code @BeforeAll}). When the
 * test bed is missing, or the test does not run inside the frontend's network namespace, it
 * <em>fails</em> the test if {@code STORAGE_DRIVERS_TESTBED_REQUIRED=1} (environment or system
 * property; CI sets it) and skips it (JUnit assumption) otherwise.
 */
public final class TestBed {

    public static final String REQUIRED = "STORAGE_DRIVERS_TESTBED_REQUIRED";
    private static final Pattern EXPORT = Pattern.compile("([A-Z0-9_]+)=(\"[^\"]*\"|\\S*)");

    private final Map<String, String> vars;

    private TestBed(Map<String, String> vars) {
        this.vars = Collections.unmodifiableMap(vars);
    }

    /** The test bed, or a skipped/failed test (see the class comment). */
    public static TestBed require() {
        Map<String, String> vars = collect(System.getenv());
        String missing = problem(vars);
        if (missing != null) {
            skipOrFail("test bed not usable: " + missing);
        }
        return new TestBed(vars);
    }

    /** The test bed if it is usable here, without skipping or failing anything. */
    public static Optional<TestBed> find() {
        Map<String, String> vars = collect(System.getenv());
        return problem(vars) == null ? Optional.of(new TestBed(vars)) : Optional.empty();
    }

    static boolean required() {
        return "1".equals(System.getenv(REQUIRED)) || "1".equals(System.getProperty(REQUIRED));
    }

    static Map<String, String> collect(Map<String, String> env) {
        Map<String, String> vars = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("TB_")) {
                vars.put(k, v);
            }
        });
        String dir = vars.get("TB_DIR");
        if (dir != null) {
            Path envSh = Path.of(dir, "env.sh");
            if (Files.isRegularFile(envSh)) {
                try {
                    for (String line : Files.readAllLines(envSh, StandardCharsets.UTF_8)) {
                        if (!line.startsWith("export ")) {
                            continue;
                        }
                        Matcher m = EXPORT.matcher(line);
                        while (m.find()) {
                            vars.putIfAbsent(m.group(1), m.group(2).replace("\"", ""));
                        }
                    }
                } catch (IOException e) {
                    // fall through: problem() reports what is missing
                }
            }
        }
        return vars;
    }

    /** Why the test bed cannot be used here, or null when it can. */
    static String problem(Map<String, String> vars) {
        for (String name : List.of("TB_DIR", "TB_HOSTS", "TB_VG", "TB_SSH_CONFIG", "TB_FE_LVM_SYSTEM_DIR",
                "TB_FE_IP")) {
            String v = vars.get(name);
            if (v == null || v.isBlank()) {
                return name + " is not set (source $TB_DIR/env.sh after scripts/testbed.sh up)";
            }
        }
        if (!Files.isRegularFile(Path.of(vars.get("TB_SSH_CONFIG")))) {
            return "no SSH config at " + vars.get("TB_SSH_CONFIG") + " (is the test bed up?)";
        }
        if (!hasLocalAddress(vars.get("TB_FE_IP"))) {
            return "not running inside the frontend namespace (no local address " + vars.get("TB_FE_IP")
                    + "; run under: ip netns exec $TB_FE_NS ...)";
        }
        return null;
    }

    private static boolean hasLocalAddress(String ip) {
        try {
            InetAddress want = InetAddress.getByName(ip);
            return NetworkInterface.getByInetAddress(want) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The device-mapper VM host's name ({@code TB_VMHOST}: the VM tier, {@code testbed.sh vm-up}),
     * or a skipped test (a failed one under {@link #REQUIRED}{@code =1}).
     */
    public String requireVmHost() {
        String vm = get("TB_VMHOST");
        if (vm == null || vm.isBlank()) {
            skipOrFail("device-mapper VM host not running (TB_VMHOST unset; scripts/testbed.sh vm-up)");
        }
        return vm;
    }

    /**
     * The lvmlockd VM hosts ({@code TB_LOCKD_VMS}) that share the VG {@code TB_LOCKD_VG} (the lockd
     * tier, {@code testbed.sh lockd-up}), or a skipped test (a failed one under {@link #REQUIRED}{@code =1}).
     */
    public List<String> requireLockdVms() {
        String vms = get("TB_LOCKD_VMS");
        if (vms == null || vms.isBlank() || get("TB_LOCKD_VG") == null) {
            skipOrFail("lvmlockd VM hosts not running (TB_LOCKD_VMS unset; scripts/testbed.sh lockd-up)");
        }
        return List.of(vms.strip().split("\\s+"));
    }

    private static void skipOrFail(String msg) {
        if (required()) {
            Assertions.fail(msg + " (" + REQUIRED + "=1)");
        }
        Assumptions.assumeTrue(false, msg);
    }

    /** Any TB_* variable, or null. */
    public String get(String name) {
        return vars.get(name);
    }

    public Path dir() {
        return Path.of(vars.get("TB_DIR"));
    }

    public List<String> hosts() {
        return Arrays.stream(vars.get("TB_HOSTS").trim().split("\\s+")).toList();
    }

    public String vg() {
        return vars.get("TB_VG");
    }

    public Path sshConfig() {
        return Path.of(vars.get("TB_SSH_CONFIG"));
    }

    public Path knownHosts() {
        String k = vars.get("TB_KNOWN_HOSTS");
        return k != null ? Path.of(k) : dir().resolve("frontend/ssh/known_hosts");
    }

    public Path sshKey() {
        String k = vars.get("TB_SSH_KEY");
        return k != null ? Path.of(k) : dir().resolve("frontend/ssh/id_ed25519");
    }

    /** LVM_SYSTEM_DIR for LVM commands the frontend runs itself. */
    public String frontendLvmSystemDir() {
        return vars.get("TB_FE_LVM_SYSTEM_DIR");
    }

    /** Environment for local (frontend) LVM commands: its LVM_SYSTEM_DIR, fd-leak warnings off. */
    public Map<String, String> frontendLvmEnv() {
        return Map.of("LVM_SYSTEM_DIR", frontendLvmSystemDir(), "LVM_SUPPRESS_FD_WARNINGS", "1");
    }

    public String frontendIp() {
        return vars.get("TB_FE_IP");
    }

    /** The IP of a host (TB_IP_HOST1...), or null. */
    public String hostIp(String host) {
        return vars.get("TB_IP_" + host.toUpperCase(Locale.ROOT));
    }

    /** The host's state directory ($TB_DIR/&lt;host&gt;). */
    public Path hostDir(String host) {
        return dir().resolve(host);
    }

    /** The host's sshd log (LogLevel INFO: one "Accepted publickey" line per connection). */
    public Path sshdLog(String host) {
        return hostDir(host).resolve("sshd.log");
    }

    /** Lines of the host's sshd log that contain {@code text}. */
    public long countInSshdLog(String host, String text) throws IOException {
        try (var lines = Files.lines(sshdLog(host), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    @Override
    public String toString() {
        return "TestBed" + vars;
    }
}
