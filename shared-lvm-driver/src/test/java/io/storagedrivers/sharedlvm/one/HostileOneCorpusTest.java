package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.storagedrivers.one.OneCommand;
import io.storagedrivers.one.datastore.DsActions;
import io.storagedrivers.one.tm.TmActions;
import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.validate.Printable;

/**
 * A generated hostile-input corpus for the OpenNebula side of shared_lvm, run in this one JVM
 * through {@link OneCommand#run} (what the jar's {@code ds}/{@code tm} commands and the warm
 * service call) with the core test-jar's {@link FakeRunners}, which record every argv on the
 * frontend and on every host. Every argument of every TM action, every field of the DS action
 * documents an action reads (image, datastore, template), stdin itself and the action names, each
 * replaced by every payload of {@link HostileOneCases#payloads}. Each case: a non-zero exit,
 * exactly one printable stderr line, nothing on stdout, no stack trace, no command but the read-only
 * ones ({@code onevm/onedatastore show}, {@code lvs}, {@code vgs}) on any machine, and the canary
 * file never appears.
 */
class HostileOneCorpusTest {
    static Path dir;
    static HostileOneCases cases;

    @BeforeAll
    static void up() throws IOException {
        dir = Files.createTempDirectory("hostile-one");
        cases = new HostileOneCases(dir);
    }

    @AfterAll
    static void down() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyInputRefusesEveryPayload() {
        List<HostileOneCases.Case> all = cases.all();
        assertTrue(all.size() >= 2000, "corpus size " + all.size());
        return all.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> refused(c)));
    }

    /**
     * The control: the unmodified inputs get past validation (they succeed, change something,
     * start their work with an INFO line or ask LVM about their volume), so a payload the driver
     * accepted would show up in the corpus as a change, a second stderr line or a success.
     */
    @Test
    void wellFormedInputsGetPastValidation() {
        for (HostileOneCases.Case c : cases.wellFormed()) {
            Run r = run(c);
            boolean askedLvm = r.runners.calls().stream()
                    .anyMatch(k -> k.argv().contains("lvs") || k.argv().contains("vgs"));
            assertTrue(r.code == 0 || !r.mutations().isEmpty() || r.err.startsWith("INFO: ") || askedLvm,
                    c.name() + " was refused: " + r.err + "\n" + r.runners.calls());
        }
    }

    void refused(HostileOneCases.Case c) {
        Run r = run(c);
        String e = r.err;
        String n = c.name() + ": ";
        assertNotEquals(0, r.code, n + "exit code; stderr: " + e);
        assertEquals("", r.out, n + "stdout");
        assertEquals(1, e.lines().count(), n + "one stderr line: " + e);
        assertFalse(e.contains("\tat ") || e.contains("Exception:"), n + "no stack trace: " + e);
        assertFalse(e.strip().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == 0x202e), n + "printable: " + e);
        assertTrue(e.length() <= Printable.MAX_LINE + 200, n + "cut: " + e.length());
        assertEquals(List.of(), r.mutations(), n + "commands that change something ran");
        assertFalse(Files.exists(cases.canary), n + "the canary ran");
    }

    record Run(int code, String out, String err, FakeRunners runners) {
        /** Every command but the read-only ones, as "where: argv". */
        List<String> mutations() {
            List<String> m = new ArrayList<>();
            for (FakeRunners.Call call : runners.calls()) {
                List<String> a = call.argv();
                int i = 0;
                while (i < a.size() && (a.get(i).equals("sudo") || a.get(i).equals("-n"))) {
                    i++;
                }
                String prog = i < a.size() ? Path.of(a.get(i)).getFileName().toString() : "";
                boolean show = (prog.equals("onevm") || prog.equals("onedatastore")) && a.contains("show");
                if (!show && !prog.equals("lvs") && !prog.equals("vgs")) {
                    m.add(call.where() + ": " + call.line());
                }
            }
            return m;
        }
    }

    Run run(HostileOneCases.Case c) {
        FakeRunners runners = cases.runners();
        OneCommand cmd = new OneCommand(c.kind(), c.kind().equals("ds") ? DsActions.all() : TmActions.all(),
                SharedLvmProfile::new, () -> runners) {
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] stdin = c.stdin() == null ? new byte[0]
                : c.base64() ? Base64.getEncoder().encode(c.stdin().getBytes(StandardCharsets.UTF_8))
                : c.stdin().getBytes(StandardCharsets.UTF_8);
        int code = cmd.run(c.action(), c.args(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(stdin), cases.env());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), runners);
    }
}
