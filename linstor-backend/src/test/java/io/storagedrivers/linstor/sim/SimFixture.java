package io.storagedrivers.linstor.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.storagedrivers.linstor.api.ClientConfig;
import io.storagedrivers.linstor.api.LinstorClient;
import io.storagedrivers.linstor.hl.Linstor;

/**
 * A simulated cluster for tests: state, one or more controllers on free ports, every exchange
 * validated against the OpenAPI spec ({@link #close} fails the test on any violation).
 */
public final class SimFixture implements AutoCloseable {
    public final SimState state;
    public final OpenApiCheck check = new OpenApiCheck();
    private final List<SimController> controllers = new ArrayList<>();

    /** Nodes with a 100 GiB {@code DfltStorPool} of {@code provider} each. */
    public static SimFixture of(String provider, String... nodes) {
        return new SimFixture(SimState.withNodes(List.of(nodes), provider, 100L * 1024 * 1024));
    }

    /** Thin LVM pools (snapshots supported). */
    public static SimFixture thin(String... nodes) {
        return of("LVM_THIN", nodes);
    }

    public SimFixture(SimState state) {
        this.state = state;
    }

    public SimController controller() {
        if (controllers.isEmpty()) {
            addController();
        }
        return controllers.get(0);
    }

    /** Another controller serving the same state (an HA pair). */
    public SimController addController() {
        SimController c = SimController.start(state, "127.0.0.1", 0);
        c.setObserver(check);
        controllers.add(c);
        return c;
    }

    public ClientConfig config() {
        return ClientConfig.of(controller().linstorUri()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    public LinstorClient client() {
        return new LinstorClient(config());
    }

    public Linstor linstor() {
        return new Linstor(client()).withClonePolling(Duration.ofMillis(5), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        controllers.forEach(SimController::close);
        assertEquals(List.of(), check.violations(), "OpenAPI violations");
    }
}
