package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;

/** The frontend and named hosts as {@link FakeRunner}s sharing one journal, plus a journaling lock. */
final class FakeRunners implements Runners {
    /** Synchronized: hosts are asked in parallel ({@link HostActivity}). */
    final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    /** What {@link #knownHosts} returns (the SSH config's hosts in production). */
    final List<String> known = new ArrayList<>();
    final FakeRunner frontend = new FakeRunner("local", false, journal);
    private final Map<String, FakeRunner> hosts = new LinkedHashMap<>();

    FakeRunner host(String name, boolean declare) {
        return hosts.computeIfAbsent(name, n -> new FakeRunner(n, true, journal));
    }

    @Override
    public CommandRunner local() {
        return frontend;
    }

    @Override
    public CommandRunner host(String host) {
        if (host.equals("localhost")) {
            return frontend; // like DefaultRunners: a name of this machine runs locally
        }
        FakeRunner r = hosts.get(host);
        if (r == null) {
            fail("no command expected on host " + host);
        }
        return r;
    }

    /** A lock that writes "lock vg" / "unlock vg" into the journal. */
    VgLocks locks() {
        return vg -> {
            journal.add("lock " + vg);
            return () -> journal.add("unlock " + vg);
        };
    }

    void verifyAllCalled() {
        frontend.verifyAllCalled();
        hosts.values().forEach(FakeRunner::verifyAllCalled);
    }

    @Override
    public List<String> knownHosts() {
        return known;
    }

    @Override
    public void close() {
    }
}
