package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.storagedrivers.checks.Doctor;
import io.storagedrivers.checks.DoctorChecks;
import io.storagedrivers.checks.DoctorRequest;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.testsupport.FakeRunners.Reply;

/** LINSTOR's doctor checks against the simulated controller. */
class LinstorDoctorChecksTest {

    private static List<String> run(Map<String, String> env, String... hosts) {
        FakeRunners runners = new FakeRunners();
        runners.local().otherwise(c -> Reply.ok("0\n"));
        for (String h : hosts) {
            runners.declare(h).otherwise(c -> Reply.ok("0\n"));
        }
        List<String> lines = new ArrayList<>();
        new Doctor(runners, c -> lines.add(c.line()), List.of(new LinstorDoctorChecks(env)))
                .run(new DoctorRequest(List.of(), List.of(hosts), false));
        return lines;
    }

    @Test
    void theControllerAnswersAndEveryHostMustBeAnOnlineNode() {
        try (SimFixture sim = SimFixture.of("LVM", "host1", "host2")) {
            List<String> lines = run(Map.of("LINSTOR_CONTROLLERS", sim.controller().linstorUri(),
                    "STORAGE_DRIVERS_LINSTOR_CLIENT_CONF", "/nonexistent"), "host1", "host3");
            assertTrue(lines.get(1).matches("ok   frontend: LINSTOR controller .* answers \\(LINSTOR .*, REST API 1\\..*, 2 nodes\\)"),
                    lines.toString());
            assertTrue(lines.contains("ok   host1: LINSTOR node host1 ONLINE"), lines.toString());
            assertTrue(lines.contains("FAIL host3: not a LINSTOR node (the controller has [host1, host2]): its VM disks"
                    + " cannot attach; add it with linstor node create"), lines.toString());
        }
    }

    @Test
    void noControllerNamedHereIsNotChecked() {
        List<String> lines = run(Map.of("STORAGE_DRIVERS_LINSTOR_CLIENT_CONF", "/nonexistent"), "host1");
        assertEquals("ok   frontend: LINSTOR: no controller named here (LINSTOR_CONTROLLERS, linstor-client.conf); the"
                + " datastores name theirs: not checked", lines.get(1));
        assertEquals(3, lines.size(), lines.toString());
    }

    @Test
    void anUnreachableControllerIsOneFailLine() {
        List<String> lines = run(Map.of("LINSTOR_CONTROLLERS", "linstor://127.0.0.1:1", "LINSTOR_TIMEOUT", "2",
                "STORAGE_DRIVERS_LINSTOR_CLIENT_CONF", "/nonexistent"));
        assertTrue(lines.get(1).startsWith("FAIL frontend: LINSTOR controller: "), lines.toString());
        assertEquals(2, lines.size(), lines.toString());
    }

    @Test
    void registeredForServiceLoader() {
        assertTrue(DoctorChecks.installed().stream().anyMatch(c -> c instanceof LinstorDoctorChecks));
    }
}
