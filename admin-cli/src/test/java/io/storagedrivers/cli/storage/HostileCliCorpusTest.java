package io.storagedrivers.cli.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.sim.SimBackend;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.validate.Printable;
import picocli.CommandLine;

/**
 * A generated hostile-input corpus for the admin CLI ({@code storage}), run in this one JVM
 * through the jars' own main logic ({@link DriverMain}) on the simulator: every verb that changes
 * something, every name, host or size option, every payload (shell and option injection with a
 * canary, traversal, control characters, huge, empty). Each case: a non-zero exit, exactly one
 * printable stderr line, nothing on stdout, no stack trace, nothing created or changed, no canary.
 */
class HostileCliCorpusTest {
    static Path dir;
    static Path canary;
    static Path state;
    static SimBackend sim;

    @BeforeAll
    static void up() {
        try {
            dir = Files.createTempDirectory("hostile-cli");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        canary = dir.resolve("canary");
        state = dir.resolve("state.json");
        sim = new SimBackend(state, List.of(new PoolInfo("p0", 10 * Sizes.GIB, 10 * Sizes.GIB, false)));
        sim.create(new VolumeRef("p0", "vol1"), Sizes.MIB);
        sim.createSnapshot(new VolumeRef("p0", "vol1"), "s1");
    }

    @AfterAll
    static void down() throws IOException {
        sim.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static List<String> payloads() {
        String c = canary.toString();
        return List.of("; touch " + c, "$(touch " + c + ")", "`touch " + c + "`", "| touch " + c, "&& touch " + c,
                "\ntouch " + c, "x\n; touch " + c, "-oProxyCommand=touch " + c, "--help", "-x", "-", "--",
                "../../etc/passwd", "/etc/shadow", "..", ".", "a b", "", " ", "\t", "a\u0000b", "\u001b[31mred",
                "\u0007bell", "\u007fdel", "\u202eevil", "\u200b", "%00", "${IFS}touch${IFS}" + c, "'", "\"", "\\",
                "*", "?", "[a]", "~root", "日本語", "a:b", "a@b", "a/b", "a;b", "a|b", "a&b", "a>b", "a<b", "a$b",
                "a=b", "x".repeat(300), "y".repeat(70_000), "/dev/sda", "file:///etc/passwd", "-1", "0x10", "1e3",
                "99999999999999999999999", "1.5G", "NaN");
    }

    /** verb -> base arguments (every option valid) */
    static Map<String, List<String>> verbs() {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("volume-create", List.of("--name", "new1", "--pool", "p0", "--size", "1M"));
        v.put("volume-delete", List.of("--name", "vol1", "--pool", "p0", "--force"));
        v.put("volume-resize", List.of("--name", "vol1", "--pool", "p0", "--size", "2M"));
        v.put("volume-clone", List.of("--name", "vol1", "--pool", "p0", "--to", "new1", "--size", "2M"));
        v.put("snapshot-create", List.of("--name", "vol1", "--pool", "p0", "--snapshot", "s2"));
        v.put("snapshot-delete", List.of("--name", "vol1", "--pool", "p0", "--snapshot", "s1", "--force"));
        v.put("snapshot-revert", List.of("--name", "vol1", "--pool", "p0", "--snapshot", "s1", "--force"));
        v.put("activate", List.of("--name", "vol1", "--pool", "p0", "--host", "node1"));
        v.put("deactivate", List.of("--name", "vol1", "--pool", "p0", "--host", "node1"));
        return v;
    }

    /** Well-formed names and sizes are not hostile: "snapshot" is a fine volume name. */
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9+_.-]{0,47}");
    /** Host names and addresses (IPv6 has colons: "a:b" is a well-formed host). */
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,252}");

    @TestFactory
    Stream<DynamicTest> everyOptionOfEveryVerbRefusesEveryPayload() {
        List<DynamicTest> tests = new ArrayList<>();
        verbs().forEach((verb, base) -> {
            for (int i = 0; i < base.size(); i++) {
                if (!base.get(i).startsWith("--") || i + 1 >= base.size() || base.get(i + 1).startsWith("--")) {
                    continue;
                }
                String option = base.get(i);
                int at = i + 1;
                for (String p : payloads()) {
                    if (VALID.matcher(p).matches() && !option.equals("--size")
                            || option.equals("--host") && HOST.matcher(p).matches()) {
                        continue;
                    }
                    List<String> args = new ArrayList<>(List.of("--uri", "sim://" + state, verb));
                    List<String> b = new ArrayList<>(base);
                    b.set(at, p);
                    args.addAll(b);
                    tests.add(DynamicTest.dynamicTest(verb + " " + option + " " + Printable.value(p),
                            () -> refused(args)));
                }
            }
            // and unknown options / stray words
            for (String p : List.of("--no-such-option", "extra", "--name=" + canary, "--uri=x;touch " + canary)) {
                List<String> args = new ArrayList<>(List.of("--uri", "sim://" + state, verb));
                args.addAll(base);
                args.add(p);
                if (!p.startsWith("--name=") && !p.startsWith("--uri=")) {
                    tests.add(DynamicTest.dynamicTest(verb + " " + Printable.value(p), () -> refused(args)));
                }
            }
        });
        for (String p : payloads()) { // unknown verbs ("--help" is the help option: exit 0)
            if (p.equals("--help")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest("verb " + Printable.value(p),
                    () -> refused(List.of("--uri", "sim://" + state, p))));
        }
        assertTrue(tests.size() >= 500, "corpus size " + tests.size());
        return tests.stream();
    }

    void refused(List<String> args) {
        String before = snapshotOfState();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new StorageCommand(new StorageContext(Map.of(), q -> Optional.of(false))));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = DriverMain.run(cl, args.toArray(String[]::new));
        String e = err.toString();
        assertNotEquals(0, code, "exit code; stdout: " + out);
        assertEquals("", out.toString(), "stdout");
        assertEquals(1, e.lines().count(), "one stderr line: " + e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace: " + e);
        assertFalse(e.strip().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == 0x202e), "printable: " + e);
        assertTrue(e.length() <= Printable.MAX_LINE + 200, "cut: " + e.length());
        assertEquals(before, snapshotOfState(), "nothing created or changed");
        assertFalse(Files.exists(canary), "the canary ran");
    }

    static String snapshotOfState() {
        try {
            return Files.exists(state) ? Files.readString(state) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
