package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;

/**
 * Fake the runner, not the tool (LINSTOR's TestExtCmd): every expected argv with its canned
 * result, consumed in order; an unexpected command fails the test at once, and
 * {@link #verifyAllCalled} reports the expected ones that never ran. Every call is appended to a
 * journal shared by all runners (and the fake lock) so tests can check ordering.
 *
 * <p>A runner made with {@code readOnlyHost = true} plays a host: any LVM metadata command sent
 * to it fails the test, whatever was expected.
 */
final class FakeRunner implements CommandRunner {
    private static final Set<String> METADATA_TOOLS = Set.of("lvcreate", "lvremove", "lvextend", "lvresize", "lvrename",
            "vgcreate", "vgremove", "vgextend");

    private record Expectation(List<String> argv, int exit, String stdout, String stderr,
                               CommandFailedException.Reason failure) {
    }

    private final String where;
    private final boolean readOnlyHost;
    private final List<String> journal;
    private final List<Expectation> expected = new ArrayList<>();
    /** Bytes received on stdin by streamed commands, in order. */
    final List<byte[]> streamed = new ArrayList<>();

    FakeRunner(String where, boolean readOnlyHost, List<String> journal) {
        this.where = where;
        this.readOnlyHost = readOnlyHost;
        this.journal = journal;
    }

    FakeRunner expect(List<String> argv, String stdout) {
        return expect(argv, 0, stdout, "");
    }

    FakeRunner expect(List<String> argv, int exit, String stdout, String stderr) {
        expected.add(new Expectation(List.copyOf(argv), exit, stdout, stderr, null));
        return this;
    }

    /** The command cannot even reach the host. */
    FakeRunner unreachable(List<String> argv) {
        expected.add(new Expectation(List.copyOf(argv), -1, "", "", CommandFailedException.Reason.CONNECTION_FAILED));
        return this;
    }

    @Override
    public String where() {
        return where;
    }

    @Override
    public CommandResult execute(Command command) {
        List<String> argv = command.argv();
        int sel = argv.indexOf("-S");
        if (sel > 0 && argv.get(0).endsWith("lvs")) {
            return selectedReport(command, sel);
        }
        journal.add(where + ": " + String.join(" ", argv));
        if (readOnlyHost && isMetadataChange(argv)) {
            fail("metadata command sent to host " + where + ": " + command.printable());
        }
        for (Iterator<Expectation> it = expected.iterator(); it.hasNext(); ) {
            Expectation e = it.next();
            if (e.argv().equals(argv)) {
                it.remove();
                if (e.failure() != null) {
                    throw new CommandFailedException(e.failure(), where, command, -1, "", "", "connection refused", null);
                }
                return new CommandResult(command, e.exit(), e.stdout().getBytes(StandardCharsets.UTF_8), e.stderr(), false);
            }
        }
        return fail("unexpected command on " + where + ": " + command.printable() + "\nstill expected: " + pending());
    }

    @Override
    public CommandResult execute(Command command, InputStream stdin) {
        try {
            streamed.add(stdin.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return execute(command);
    }

    /**
     * A report of selected LVs ({@code lvs -S 'lv_name="a" || ...' vg}) is answered by the expected
     * report of the whole VG, cut down to the selected LVs as LVM does; the journal shows the
     * whole-VG form, so ordering checks read the same.
     */
    private CommandResult selectedReport(Command command, int sel) {
        List<String> whole = new ArrayList<>(command.argv());
        Set<String> names = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("lv_name=\"([^\"]*)\"").matcher(whole.get(sel + 1));
        while (m.find()) {
            names.add(m.group(1));
        }
        whole.remove(sel + 1);
        whole.remove(sel);
        CommandResult r = execute(new Command(whole, command.env(), null, command.timeout(), command.outputCap()));
        journal.set(journal.size() - 1, journal.get(journal.size() - 1) + " [selected: "
                + String.join(",", new java.util.TreeSet<>(names)) + "]");
        if (!r.ok() || r.stdout().isBlank()) {
            return new CommandResult(command, r.exitCode(), r.stdoutBytes(), r.stderr(), false);
        }
        List<String> rows = new ArrayList<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("\\{\"lv_name\":\"([^\"]*)\"[^}]*\\}").matcher(r.stdout());
        while (row.find()) {
            if (names.contains(row.group(1))) {
                rows.add(row.group());
            }
        }
        String out = "{\"report\":[{\"lv\":[" + String.join(",", rows) + "]}]}";
        return new CommandResult(command, 0, out.getBytes(StandardCharsets.UTF_8), r.stderr(), false);
    }

    void verifyAllCalled() {
        if (!expected.isEmpty()) {
            fail("commands never run on " + where + ": " + pending());
        }
    }

    private List<String> pending() {
        return expected.stream().map(e -> String.join(" ", e.argv())).toList();
    }

    static boolean isMetadataChange(List<String> argv) {
        String tool = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        return METADATA_TOOLS.contains(tool)
                || (tool.equals("lvchange") && (argv.contains("--addtag") || argv.contains("--deltag")))
                || (tool.equals("vgchange") && !argv.contains("--refresh") && !argv.contains("-ay") && !argv.contains("-an"));
    }
}
