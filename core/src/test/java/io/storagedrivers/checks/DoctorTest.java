package io.storagedrivers.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.testsupport.FakeRunners.Reply;

/** The doctor's own checks (Java, SSH) and how it hands nodes to the drivers' {@link DoctorChecks}. */
class DoctorTest {

    /** A driver's checks that say which node they saw, and fail on a host named "bad". */
    private static final class Recording implements DoctorChecks {
        final List<String> seen = new ArrayList<>();

        @Override
        public void here(DoctorRequest request, DoctorNode here) {
            seen.add("here " + here.name() + (here.root() ? " root" : " user"));
            here.report(true, "driver checked " + request.vgs());
        }

        @Override
        public void host(DoctorRequest request, DoctorNode host, DoctorNode here) {
            seen.add("host " + host.name() + (host.root() ? " root" : " user") + " from " + here.name());
            host.report(!host.name().equals("bad"), "driver checked");
        }
    }

    private static List<String> run(FakeRunners runners, Recording driver, boolean expectOk, String... hosts) {
        List<String> lines = new ArrayList<>();
        boolean ok = new Doctor(runners, c -> lines.add(c.line()), List.of(driver))
                .run(new DoctorRequest(List.of("vg1"), List.of(hosts), true));
        assertEquals(expectOk, ok, lines.toString());
        return lines;
    }

    @Test
    void everyReachableNodeGoesToTheDriversChecks() {
        FakeRunners runners = new FakeRunners();
        runners.local().otherwise(c -> Reply.exit(0, "0\n", ""));
        runners.declare("host1").otherwise(c -> Reply.exit(0, "9869\n", ""));
        runners.declare("down").otherwise(c -> Reply.unreachable("connection refused"));
        Recording driver = new Recording();
        List<String> lines = run(runners, driver, false, "host1", "down");
        assertEquals(List.of("ok   frontend: Java " + Runtime.version(), "ok   frontend: driver checked [vg1]",
                "ok   host1: SSH reachable, host key verified (uid 9869)", "ok   host1: driver checked",
                "FAIL down: SSH: cannot reach down: connection refused"), lines);
        assertEquals(List.of("here frontend root", "host host1 user from frontend"), driver.seen);
    }

    @Test
    void aDriversFailureFailsTheRun() {
        FakeRunners runners = new FakeRunners();
        runners.local().otherwise(c -> Reply.exit(0, "1000\n", ""));
        runners.declare("bad").otherwise(c -> Reply.exit(0, "0\n", ""));
        Recording driver = new Recording();
        List<String> lines = run(runners, driver, false, "bad");
        assertTrue(lines.contains("FAIL bad: driver checked"), lines.toString());
        assertEquals("here frontend user", driver.seen.get(0));
    }

    @Test
    void idFailingOnAHostIsOneLineAndNoDriverChecks() {
        FakeRunners runners = new FakeRunners();
        runners.local().otherwise(c -> Reply.exit(0, "0\n", ""));
        runners.declare("host1").otherwise(c -> Reply.exit(1, "", "id: not found\n"));
        Recording driver = new Recording();
        List<String> lines = run(runners, driver, false, "host1");
        assertEquals("FAIL host1: SSH reached the host but 'id -u' failed: id: not found", lines.get(lines.size() - 1));
        assertFalse(driver.seen.stream().anyMatch(s -> s.startsWith("host")));
    }
}
