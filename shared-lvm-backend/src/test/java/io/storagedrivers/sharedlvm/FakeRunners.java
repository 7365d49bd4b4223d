package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.testsupport.FakeRunners.Host;

/**
 * The shared fake runners ({@link io.storagedrivers.testsupport.FakeRunners}) with LVM's rules on
 * top: a host keeps LVM read-only (any metadata command sent to one fails the test, whatever was
 * expected), a report of selected LVs ({@code lvs -S}) is cut from the expected whole-VG report as
 * LVM does, and {@link #locks} writes "lock vg" / "unlock vg" into the shared journal.
 */
final class FakeRunners implements Runners {
    private static final Set<String> METADATA_TOOLS = Set.of("lvcreate", "lvremove", "lvextend", "lvresize", "lvrename",
            "vgcreate", "vgremove", "vgextend");

    private final io.storagedrivers.testsupport.FakeRunners runners = new io.storagedrivers.testsupport.FakeRunners();
    /** Every command and lock step, in order ("host1: lvchange -ay vg/lv", "lock vg"). */
    final List<String> journal = runners.journal;
    /** What {@link #knownHosts} returns (the SSH config's hosts in production). */
    final List<String> known = runners.known;
    final Host frontend = lvm(runners.local());

    /** Host {@code name}: read-only LVM. */
    Host host(String name, boolean declare) {
        return lvm(runners.declare(name)).check(c -> {
            if (isMetadataChange(c.argv())) {
                fail("metadata command sent to host " + name + ": " + c.line());
            }
        });
    }

    /** Host {@code name} of a shared VG (lvmlockd): it may change metadata where a thin pool is active. */
    Host lockdHost(String name) {
        return lvm(runners.declare(name));
    }

    @Override
    public CommandRunner local() {
        return runners.local();
    }

    @Override
    public CommandRunner host(String host) {
        return runners.host(host);
    }

    /** A lock that writes "lock vg" / "unlock vg" into the journal. */
    VgLocks locks() {
        return vg -> {
            journal.add("lock " + vg);
            return () -> journal.add("unlock " + vg);
        };
    }

    void verifyAllCalled() {
        runners.verifyAllCalled();
    }

    @Override
    public List<String> knownHosts() {
        return runners.knownHosts();
    }

    @Override
    public void close() {
    }

    static boolean isMetadataChange(List<String> argv) {
        String tool = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        return METADATA_TOOLS.contains(tool)
                || (tool.equals("lvchange") && (argv.contains("--addtag") || argv.contains("--deltag")))
                || (tool.equals("vgchange") && !argv.contains("--refresh") && !argv.contains("-ay") && !argv.contains("-an"));
    }

    private Host lvm(Host h) {
        return h.intercept(c -> {
            int sel = c.argv().indexOf("-S");
            return sel > 0 && c.argv().get(0).endsWith("lvs") ? selectedReport(h, c, sel) : null;
        });
    }

    /**
     * {@code lvs -S 'lv_name="a" || ...' vg} is answered by the expected report of the whole VG,
     * cut down to the selected LVs; the journal shows the whole-VG form with the selection appended.
     */
    private CommandResult selectedReport(Host h, Command command, int sel) {
        List<String> whole = new ArrayList<>(command.argv());
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("lv_name=\"([^\"]*)\"").matcher(whole.get(sel + 1));
        while (m.find()) {
            names.add(m.group(1));
        }
        whole.remove(sel + 1);
        whole.remove(sel);
        CommandResult r = h.execute(new Command(whole, command.env(), null, command.timeout(), command.outputCap()));
        synchronized (journal) {
            journal.set(journal.size() - 1, journal.get(journal.size() - 1) + " [selected: " + String.join(",", new TreeSet<>(names)) + "]");
        }
        if (!r.ok() || r.stdout().isBlank()) {
            return new CommandResult(command, r.exitCode(), r.stdoutBytes(), r.stderr(), false);
        }
        List<String> rows = new ArrayList<>();
        Matcher row = Pattern.compile("\\{\"lv_name\":\"([^\"]*)\"[^}]*\\}").matcher(r.stdout());
        while (row.find()) {
            if (names.contains(row.group(1))) {
                rows.add(row.group());
            }
        }
        String out = "{\"report\":[{\"lv\":[" + String.join(",", rows) + "]}]}";
        return new CommandResult(command, 0, out.getBytes(StandardCharsets.UTF_8), r.stderr(), false);
    }
}
