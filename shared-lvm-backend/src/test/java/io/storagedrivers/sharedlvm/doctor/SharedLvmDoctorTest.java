package io.storagedrivers.sharedlvm.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.checks.Check;
import io.storagedrivers.checks.Doctor;
import io.storagedrivers.checks.DoctorRequest;
import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.testsupport.FakeRunners.Host;
import io.storagedrivers.testsupport.FakeRunners.Reply;

/** Shared LVM's doctor checks, with runners that answer like LVM, sudo and SSH do. */
class SharedLvmDoctorTest {

    private static final String READ_ONLY = "  WARNING: locking_type (4) is deprecated, using --sysinit --readonly.\n"
            + "  Operation prohibited while --readonly is set.\n  Can't get lock for vg1.\n"
            + "  Cannot process volume group vg1\n";

    private static Reply r(int exit, String out, String err) {
        return Reply.exit(exit, out, err);
    }

    private static Reply frontend(String line) {
        if (line.equals("id -u")) {
            return r(0, "0\n", "");
        }
        if (line.startsWith("vgs ")) {
            return r(0, "  vg1\n", "");
        }
        if (line.startsWith("lvmconfig") && line.endsWith("global/thin_check_executable")) {
            return r(0, "thin_check_executable=\"/usr/sbin/thin_check\"\n", "");
        }
        if (line.startsWith("lvmconfig")) {
            return r(0, "locking_type=1\n", "");
        }
        if (line.equals("/usr/sbin/thin_check -V")) {
            return r(0, "0.9.0\n", "");
        }
        if (line.startsWith("lvs ")) {
            return r(5, "", "  Failed to find logical volume\n");
        }
        return r(0, "", "");
    }

    /** Runs the doctor on vg1 and host1 with this machine answering like a frontend. */
    private static List<Check> run(FakeRunners runners) {
        return run(runners, false);
    }

    /** The same, {@code thin}: as {@code doctor --thin} (the datastores set LVM_THIN_ENABLE). */
    private static List<Check> run(FakeRunners runners, boolean thin) {
        List<Check> checks = new ArrayList<>();
        runners.local().otherwise(c -> frontend(c.line()));
        boolean ok = new Doctor(runners, checks::add, List.of(new SharedLvmDoctorChecks()))
                .run(new DoctorRequest(List.of("vg1"), List.of("host1"), true, thin));
        assertEquals(checks.stream().allMatch(Check::ok), ok);
        return checks;
    }

    private static String report(List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        checks.forEach(c -> sb.append(c.line()).append('\n'));
        return sb.toString();
    }

    /**
     * host1 answering like a host: {@code id -u} with {@code uid}, lvmconfig with {@code locking_type=N},
     * a line starting with one of {@code prefixAndReply}'s prefixes (first match) with its reply,
     * anything else with {@code rest}.
     */
    private static Host host1(FakeRunners runners, String uid, int lockingType, Reply rest, Object... prefixAndReply) {
        return runners.declare("host1").otherwise(c -> {
            String line = c.line();
            if (line.equals("id -u")) {
                return r(0, uid + "\n", "");
            }
            for (int i = 0; i < prefixAndReply.length; i += 2) {
                if (line.startsWith((String) prefixAndReply[i])) {
                    return (Reply) prefixAndReply[i + 1];
                }
            }
            if (line.startsWith("lvmconfig")) {
                return r(0, "locking_type=" + lockingType + "\n", "");
            }
            return rest;
        });
    }

    @Test
    void readOnlyHostAsOneadminWithSudoPasses() {
        FakeRunners runners = new FakeRunners();
        Host host = host1(runners, "9869", 4, r(99, "", "unexpected command"), "sudo -n -l lvchange --config", r(1, "", ""),
                "sudo -n -l ", r(0, "/usr/sbin/x\n", ""), "sudo -n vgs", r(0, "  vg1\n", ""),
                "sudo -n lvcreate", r(5, "", READ_ONLY), "id -nG", r(0, "oneadmin disk kvm\n", ""));
        List<Check> checks = run(runners);
        String report = report(checks);
        assertTrue(checks.stream().allMatch(Check::ok), report);
        assertTrue(report.contains("ok   host1: metadata change refused (lvcreate: Operation prohibited while --readonly is set.)"),
                report);
        assertTrue(report.contains("ok   host1: sudo refuses LVM --config overrides"), report);
        assertTrue(host.lines().stream().anyMatch(l -> l.matches("sudo -n lvcreate --wipesignatures n -L 4194304b"
                + " -n sd-doctor-[0-9a-f]{12} -an -Zn -y vg1")), host.lines().toString());
        assertFalse(runners.local().lines().stream().anyMatch(l -> l.startsWith("lvremove")), "nothing to clean up");
    }

    @Test
    void thinVolumesNeedThinProvisioningToolsOnEveryNode() {
        FakeRunners runners = new FakeRunners();
        host1(runners, "0", 4, r(0, "", ""), "lvmconfig --type full global/thin_check_executable",
                r(0, "thin_check_executable=\"/usr/sbin/thin_check\"\n", ""),
                "/usr/sbin/thin_check -V", r(127, "", "bash: line 1: /usr/sbin/thin_check: No such file or directory\n"),
                "lvcreate", r(5, "", READ_ONLY));
        String report = report(run(runners, true));
        assertTrue(report.contains("ok   frontend: thin pools: /usr/sbin/thin_check 0.9.0 (thin-provisioning-tools)"), report);
        assertTrue(report.contains("FAIL host1: thin pools (LVM_THIN_ENABLE) need /usr/sbin/thin_check, which is not here"
                + " (bash: line 1: /usr/sbin/thin_check: No such file or directory): apt-get install"
                + " thin-provisioning-tools\n"), report);

        FakeRunners plain = new FakeRunners();
        host1(plain, "0", 4, r(0, "", ""), "lvcreate", r(5, "", READ_ONLY));
        String without = report(run(plain, false));
        assertFalse(without.contains("thin"), "no thin volumes, no thin check: " + without);
    }

    @Test
    void sharedVgWithAutoactivationOnFails() {
        FakeRunners runners = new FakeRunners();
        host1(runners, "0", 4, r(99, "", "unexpected command"),
                "vgs --noheadings -o vg_name,autoactivation vg1", r(0, "  vg1 enabled\n", ""), "lvcreate", r(5, "", READ_ONLY));
        String report = report(run(runners));
        assertTrue(report.contains("FAIL host1: VG vg1 visible, but its autoactivation is ON: a host that boots activates"
                + " all its LVs; run on the frontend: vgchange --setautoactivation n vg1"), report);
        assertTrue(report.contains("ok   frontend: VG vg1 visible, autoactivation off"), report);
    }

    @Test
    void writableHostFailsAndTheProbeIsRemoved() {
        FakeRunners runners = new FakeRunners();
        Host host = host1(runners, "0", 1, r(0, "", ""));   // vgs, lvcreate and lvremove all succeed
        List<Check> checks = run(runners);
        String report = report(checks);
        assertTrue(report.contains("FAIL host1: lvm.conf locking_type=1, want 4"), report);
        assertTrue(report.matches("(?s).*FAIL host1: lvcreate of probe vg1/sd-doctor-[0-9a-f]{12} SUCCEEDED.*"), report);
        String created = host.lines().stream().filter(l -> l.startsWith("lvcreate")).findFirst().orElseThrow();
        String name = created.replaceAll(".* -n (sd-doctor-[0-9a-f]{12}) .*", "$1");
        assertTrue(host.lines().contains("lvremove -y vg1/" + name), host.lines().toString());
        List<String> frontend = runners.local().lines();
        assertTrue(frontend.stream().anyMatch(l -> l.startsWith("lvs ") && l.contains("lv_name=\"" + name + "\"")),
                "the frontend checks that nothing is left: " + frontend);
    }

    @Test
    void unknownHostKeyIsOneFailLine() {
        FakeRunners runners = new FakeRunners();
        runners.declare("host1").otherwise(c -> Reply.unreachable("host key for host1 is not in known_hosts"));
        List<Check> checks = run(runners);
        assertEquals(List.of("ok   frontend: Java " + Runtime.version(), "ok   frontend: VG vg1 visible, autoactivation off",
                "ok   frontend: LVM metadata writable here (locking_type=1)",
                "FAIL host1: SSH: cannot reach host1: host key for host1 is not in known_hosts"),
                checks.stream().map(Check::line).toList());
    }

    @Test
    void refusalForAnotherReasonIsNotProof() {
        FakeRunners runners = new FakeRunners();
        host1(runners, "0", 4, r(0, "", ""),
                "lvcreate", r(5, "", "  Volume group \"vg1\" has insufficient free space (0 extents): 1 required.\n"));
        String report = report(run(runners));
        assertTrue(report.contains("FAIL host1: lvcreate of a probe LV failed, but not because LVM is read-only:"
                + " Volume group \"vg1\" has insufficient free space (0 extents): 1 required."), report);
    }

    /** A host reached as oneadmin: its sudo answers as {@code sudoers} says; LVM read-only. */
    private static Host oneadminHost(FakeRunners runners, boolean unrestricted, boolean lvcreateAllowed) {
        return oneadminHost(runners, unrestricted, lvcreateAllowed, "oneadmin disk");
    }

    private static Host oneadminHost(FakeRunners runners, boolean unrestricted, boolean lvcreateAllowed, String groups) {
        return runners.declare("host1").otherwise(c -> {
            String line = c.line();
            if (line.equals("id -u")) {
                return r(0, "9869\n", "");
            }
            if (line.equals("id -nG")) {
                return r(0, groups + "\n", "");
            }
            if (line.startsWith("sudo -n -l lvchange --config")) {
                return unrestricted ? r(0, "/usr/sbin/lvchange\n", "") : r(1, "", "");
            }
            if (line.startsWith("sudo -n -l ")) {
                return r(0, "/usr/sbin/x\n", "");
            }
            if (line.startsWith("grep -l -E lv(create|remove|change) -r /etc/sudoers.d")) {
                return r(0, "/etc/sudoers.d/opennebula-node\n/etc/sudoers.d/storage-drivers\n", "");
            }
            if (line.startsWith("sudo -n vgs")) {
                return r(0, "  vg1\n", "");
            }
            if (line.startsWith("lvmconfig")) {
                return r(0, "locking_type=4\n", "");
            }
            if (line.startsWith("sudo -n lvcreate")) {
                return lvcreateAllowed ? r(5, "", READ_ONLY) : r(1, "", "sudo: a password is required\n");
            }
            return r(99, "", "unexpected " + line);
        });
    }

    @Test
    void openNebulasNodePackageGrantingAnyLvmArgumentsIsNamed() {
        FakeRunners runners = new FakeRunners();
        oneadminHost(runners, true, true);
        String report = report(run(runners));
        assertTrue(report.contains("FAIL host1: sudo allows 'lvchange --config ...', which bypasses read-only LVM: "
                + "/etc/sudoers.d/opennebula-node (OpenNebula's node package) grants LVM commands with any arguments"),
                report);
        assertTrue(report.contains("remove the LVM commands (ONE_LVM) from the oneadmin rule there"), report);
    }

    @Test
    void aUserOutsideGroupDiskIsToldHowToFixItInOneLine() {
        FakeRunners runners = new FakeRunners();
        oneadminHost(runners, false, false, "oneadmin");
        String report = report(run(runners));
        assertTrue(report.contains("FAIL host1: the SSH user is not in group disk, so dd, mkfs and qemu-img cannot open"
                + " the LVs here: run install.sh --host --user <user> on this host (or usermod -a -G disk <user>)"), report);
        assertEquals(1, report.lines().filter(l -> l.startsWith("FAIL")).count(), report);
    }

    @Test
    void sudoRefusingLvcreateIsProofThatTheUserCannotChangeMetadata() {
        FakeRunners runners = new FakeRunners();
        oneadminHost(runners, false, false);
        List<Check> checks = run(runners);
        String report = report(checks);
        assertTrue(checks.stream().allMatch(Check::ok), report);
        assertTrue(report.contains("ok   host1: metadata change refused (sudo does not let host1's user run lvcreate:"
                + " sudo: a password is required)"), report);
        assertTrue(report.contains("ok   host1: the SSH user is in group disk"), report);
    }

    @Test
    void registeredForServiceLoader() {
        assertTrue(io.storagedrivers.checks.DoctorChecks.installed().stream()
                .anyMatch(c -> c instanceof SharedLvmDoctorChecks), "META-INF/services lists SharedLvmDoctorChecks");
    }
}
