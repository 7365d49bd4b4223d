package io.storagedrivers.sharedlvm.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.storagedrivers.checks.Check;
import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.testsupport.FakeRunners.Reply;

/**
 * {@link LvmlockdChecks} on nodes that answer like LVM 2.03 with lvmlockd and sanlock: which VGs
 * count as shared, and one line per fact (use_lvmlockd, host_id, daemons, lockspaces) with the fix.
 */
class LvmlockdChecksTest {
    private final FakeRunners runners = new FakeRunners();
    private final List<Check> lines = new ArrayList<>();

    /** A node answering each command line by the first matching prefix of {@code answers}; else exit 1. */
    private LvmNode node(String name, Map<String, Reply> answers) {
        runners.declare(name).otherwise(c -> answers.entrySet().stream()
                .filter(e -> c.line().contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(Reply.exit(1, "", "unexpected: " + c.line())));
        return new LvmNode(new DoctorNode(name, runners.host(name), true, lines::add));
    }

    /** A healthy lvmlockd node with {@code hostId}, the lockspace of {@code vgs} started. */
    private static Map<String, Reply> healthy(String hostId, String... vgs) {
        Map<String, Reply> m = new LinkedHashMap<>();
        m.put("global/use_lvmlockd", Reply.ok("use_lvmlockd=1\n"));
        m.put("local/host_id", Reply.ok("host_id=" + hostId + "\n"));
        m.put("pidof lvmlockd", Reply.ok("812\n"));
        m.put("pidof sanlock", Reply.ok("799\n"));
        StringBuilder info = new StringBuilder();
        for (String vg : vgs) {
            info.append("VG ").append(vg).append(" lock_type=sanlock 5N3GrX-...\n");
        }
        m.put("lvmlockctl --info", Reply.ok(info.toString()));
        return m;
    }

    private String report() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(c -> sb.append(c.what()).append('\n'));
        return sb.toString();
    }

    @Test
    void onlySanlockAndDlmVgsCountAsShared() {
        Map<String, Reply> fe = new LinkedHashMap<>();
        fe.put("vgs --noheadings -o lock_type vgS", Reply.ok("  sanlock\n"));
        fe.put("vgs --noheadings -o lock_type vgD", Reply.ok("  dlm\n"));
        fe.put("vgs --noheadings -o lock_type vgL", Reply.ok("  \n"));
        fe.put("vgs --noheadings -o lock_type vgGone", Reply.exit(5, "", "  Volume group \"vgGone\" not found\n"));
        fe.put("vgs --noheadings -o lock_type vgUnreachable", Reply.unreachable());
        LvmlockdChecks checks = LvmlockdChecks.of(node("frontend", fe), List.of("vgS", "vgD", "vgL", "vgGone", "vgUnreachable"));
        assertEquals(List.of("vgS", "vgD"), checks.sharedVgs());
        assertTrue(lines.isEmpty(), "the VG checks report what is wrong with a VG: " + report());
    }

    @Test
    void aHealthyNodeIsFiveGoodLines() {
        LvmlockdChecks checks = LvmlockdChecks.of(node("frontend", Map.of("vgs", Reply.ok("sanlock\n"))), List.of("vg1"));
        checks.run(node("vm1", healthy("1", "vg1")));
        assertEquals("""
                vm1: lvm.conf use_lvmlockd = 1
                vm1: host_id 1 (no other checked node has it)
                vm1: lvmlockd running
                vm1: sanlock running
                vm1: lockspace of VG vg1 started
                """, report());
        assertTrue(lines.stream().allMatch(Check::ok));
    }

    @Test
    void withoutUseLvmlockdOneLineSaysHowToSetItUpAndNothingElseRuns() {
        LvmlockdChecks checks = LvmlockdChecks.of(node("frontend", Map.of("vgs", Reply.ok("sanlock\n"))),
                List.of("vg1", "vg2"));
        checks.run(node("host1", Map.of("global/use_lvmlockd", Reply.ok("use_lvmlockd=0\n"))));
        assertEquals("host1: VG vg1, vg2 shared (lvmlockd) but lvm.conf has no use_lvmlockd = 1 here"
                + " (install.sh ... --lvmlockd <host_id>)\n", report());
        assertEquals(1, runners.host("host1").calls.size(), "nothing else is asked there");
    }

    @Test
    void aHostIdTwiceIsAFailureNamingTheOtherNode() {
        LvmlockdChecks checks = LvmlockdChecks.of(node("frontend", Map.of("vgs", Reply.ok("sanlock\n"))), List.of("vg1"));
        checks.run(node("vm1", healthy("7", "vg1")));
        lines.clear();
        checks.run(node("vm2", healthy("7", "vg1")));
        Check hostId = lines.get(1);
        assertFalse(hostId.ok());
        assertEquals("vm2: host_id 7 is also vm1's: sanlock leases of two nodes with one host_id collide;"
                + " give each its own", hostId.what());
    }

    @Test
    void aHostIdOutsideOneTo2000OrUnsetFails() {
        LvmlockdChecks checks = LvmlockdChecks.of(node("frontend", Map.of("vgs", Reply.ok("sanlock\n"))), List.of("vg1"));
        for (String id : List.of("0", "2001", "x1")) {
            lines.clear();
            checks.run(node("n" + id, healthy(id, "vg1")));
            assertFalse(lines.get(1).ok(), report());
            assertTrue(lines.get(1).what().contains("lvmlocal.conf host_id host_id=" + id + ", want 1 to 2000"
                    + " (install.sh ... --lvmlockd <host_id>)"), report());
        }
        Map<String, Reply> unset = healthy("1", "vg1");
        unset.put("local/host_id", Reply.exit(5, "", "Configuration node local/host_id not found\n"));
        lines.clear();
        checks.run(node("unset", unset));
        assertTrue(lines.get(1).what().contains("lvmlocal.conf host_id unset, want 1 to 2000"), report());
    }

    @Test
    void stoppedDaemonsAndLockspacesSayHowToStartThem() {
        LvmlockdChecks checks = LvmlockdChecks.of(node("frontend", Map.of("vgs", Reply.ok("dlm\n"))),
                List.of("vg1", "vg2"));
        Map<String, Reply> m = healthy("3", "vg2");
        m.put("pidof sanlock", Reply.exit(1, "", ""));
        checks.run(node("vm1", m));
        assertEquals("""
                vm1: lvm.conf use_lvmlockd = 1
                vm1: host_id 3 (no other checked node has it)
                vm1: lvmlockd running
                vm1: sanlock not running (systemctl enable --now wdmd sanlock lvmlockd lvmlocks)
                vm1: lockspace of VG vg1 not started: vgchange --lock-start vg1
                vm1: lockspace of VG vg2 started
                """, report());
    }

    @Test
    void anUnansweredLockspaceQuestionGivesItsReason() {
        LvmlockdChecks checks = LvmlockdChecks.of(node("frontend", Map.of("vgs", Reply.ok("sanlock\n"))), List.of("vg1"));
        Map<String, Reply> m = healthy("2");
        m.put("pidof lvmlockd", Reply.exit(1, "", ""));
        m.put("lvmlockctl --info", Reply.exit(1, "", "Cannot connect to lvmlockd\n"));
        checks.run(node("vm2", m));
        assertEquals("vm2: lockspace of VG vg1 not started (lvmlockctl --info: Cannot connect to lvmlockd):"
                + " vgchange --lock-start vg1", lines.get(lines.size() - 1).what());
        assertEquals("vm2: lvmlockd not running (systemctl enable --now wdmd sanlock lvmlockd lvmlocks)",
                lines.get(2).what());
    }
}
