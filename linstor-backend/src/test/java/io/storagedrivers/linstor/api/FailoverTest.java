package io.storagedrivers.linstor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCreate;
import io.storagedrivers.linstor.api.dto.Snapshot;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.linstor.sim.SimController;
import io.storagedrivers.linstor.sim.SimFixture;

/** Controller failover: a controller that is down, and one that stops answering mid-request. */
class FailoverTest {
    private final SimFixture sim = SimFixture.thin("node1", "node2");

    @AfterEach
    void close() {
        sim.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ClientConfig cfg(String controllers, Duration requestTimeout) {
        return ClientConfig.of(controllers).withTimeouts(Duration.ofSeconds(2), requestTimeout);
    }

    @Test
    void usesTheSecondControllerWhileTheFirstIsDown() throws IOException {
        String down = "linstor://127.0.0.1:" + freePort();
        try (LinstorClient c = new LinstorClient(cfg(down + "," + sim.controller().linstorUri(), Duration.ofSeconds(10)))) {
            assertEquals("1.28.0", c.version().restApiVersion());
            assertEquals(sim.controller().baseUri().getPort(), c.activeController().getPort());
            Resource r = new Linstor(c).resource("vol1");
            r.addVolume("1G");
            assertTrue(r.defined());
        }
    }

    @Test
    void allControllersDownIsAConnectionError() throws IOException {
        String list = "linstor://127.0.0.1:" + freePort() + ",127.0.0.1:" + freePort();
        try (LinstorClient c = new LinstorClient(cfg(list, Duration.ofSeconds(5)))) {
            LinstorConnectionException e = assertThrows(LinstorConnectionException.class, c::version);
            assertTrue(e.getMessage().startsWith("no LINSTOR controller reachable"), e.getMessage());
            assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        }
    }

    @Test
    void aChangeThatTimedOutIsCheckedOnTheNextControllerNotRepeated() {
        SimController first = sim.controller();
        SimController second = sim.addController();
        first.hangOnce("POST", "/v1/resource-definitions", Duration.ofSeconds(3));
        try (LinstorClient c = new LinstorClient(cfg(first.linstorUri() + "," + second.linstorUri(),
                Duration.ofMillis(700)))) {
            c.api().createResourceDefinition(new ResourceDefinitionCreate(null, null, null, null,
                    new ResourceDefinition("vol1", null, null, null, null, null, null, null)));
            assertEquals(1, sim.state.resourceDefinitionCount());
            assertEquals(second.port(), c.activeController().getPort());
            // the RD create was applied exactly once: a second create would have failed with "exists"
            assertEquals(List.of("vol1"), c.api().resourceDefinitions(null, false).stream().map(d -> d.name()).toList());
        }
    }

    @Test
    void aChangeThatDidNotHappenIsResentOnTheNextController() throws InterruptedException {
        SimController first = sim.controller();
        SimController second = sim.addController();
        Resource r = sim.linstor().resource("vol1");
        r.placement().redundancy(2);
        r.addVolume("1G");
        r.autoplace();
        // the first controller takes the snapshot but answers late; meanwhile it disappears again
        // (as if the change had not happened), so the re-read finds nothing and the client resends
        first.hangOnce("POST", "/v1/resource-definitions/vol1/snapshots", Duration.ofSeconds(3));
        java.util.concurrent.atomic.AtomicBoolean removed = new java.util.concurrent.atomic.AtomicBoolean();
        Thread remover = new Thread(() -> {
            long end = System.currentTimeMillis() + 3000;
            try (LinstorClient side = new LinstorClient(ClientConfig.of(second.linstorUri()))) {
                while (System.currentTimeMillis() < end) {
                    try {
                        if (side.api().snapshots("vol1").size() == 1) {
                            side.api().deleteSnapshot("vol1", "s1");
                            removed.set(true);
                            return;
                        }
                    } catch (RuntimeException ignored) {
                        // retry
                    }
                }
            }
        });
        remover.start();
        try (LinstorClient c = new LinstorClient(cfg(first.linstorUri() + "," + second.linstorUri(),
                Duration.ofMillis(900)))) {
            c.api().createSnapshot("vol1", new Snapshot("s1", null, null, null, null, null, null, null, null, null));
            remover.join();
            // the first snapshot was taken away while the answer hung: s1 exists only if it was resent
            assertTrue(removed.get(), "the test's premise: the first s1 was removed");
            assertEquals(List.of("s1"), c.api().snapshots("vol1").stream().map(Snapshot::name).toList());
        }
    }

    @Test
    void aReadThatTimesOutMovesOnToTheNextController() {
        SimController first = sim.controller();
        SimController second = sim.addController();
        first.hangOnce("GET", "/v1/controller/version", Duration.ofSeconds(3));
        try (LinstorClient c = new LinstorClient(cfg(first.linstorUri() + "," + second.linstorUri(),
                Duration.ofMillis(700)))) {
            assertEquals("1.28.0", c.version().restApiVersion());
            assertEquals(second.port(), c.activeController().getPort());
        }
    }

    @Test
    void withOneControllerAnUnansweredChangeIsAnUnknownOutcome() {
        SimController only = sim.controller();
        only.hangOnce("PUT", "/v1/resource-definitions/vol1/volume-definitions/0", Duration.ofSeconds(3));
        Resource r = sim.linstor().resource("vol1");
        r.addVolume("1G");
        try (LinstorClient c = new LinstorClient(cfg(only.linstorUri(), Duration.ofMillis(700)))) {
            Linstor ls = new Linstor(c);
            LinstorTimeoutException e = assertThrows(LinstorTimeoutException.class,
                    () -> ls.resource("vol1").volume(0).resize("2G"));
            assertTrue(e.getMessage().contains("no controller confirmed"), e.getMessage());
        }
    }
}
