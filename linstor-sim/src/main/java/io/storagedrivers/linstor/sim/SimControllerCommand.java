package io.storagedrivers.linstor.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.storagedrivers.spi.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sim-controller}: runs the simulated LINSTOR controller until killed. */
@Command(name = "sim-controller", mixinStandardHelpOptions = true,
        description = "Run a LINSTOR-compatible simulated controller (REST 1.28) for tests and demos.")
public final class SimControllerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "3370", description = "TCP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--nodes", split = ",", defaultValue = "node1,node2,node3",
            description = "Satellite names (default ${DEFAULT-VALUE}).")
    List<String> nodes;

    @Option(names = "--pool-kind", defaultValue = "LVM_THIN",
            description = "Provider of each node's DfltStorPool: LVM, LVM_THIN, ZFS, ZFS_THIN... (default ${DEFAULT-VALUE}).")
    String poolKind;

    @Option(names = "--pool-size", defaultValue = "100G", description = "Size of each DfltStorPool (default ${DEFAULT-VALUE}).")
    String poolSize;

    @Option(names = "--state", description = "Load the state from FILE if present and save it there after every change.")
    Path state;

    @Option(names = "--token", description = "Require 'Authorization: Bearer <token>'.")
    String token;

    @Override
    public Integer call() throws InterruptedException {
        for (String n : nodes) {
            SimNames.checkNodeName(n);
        }
        long kib = Sizes.parse(poolSize) / Sizes.KIB;
        SimState s = state == null ? SimState.withNodes(nodes, poolKind, kib)
                : SimState.persistent(state, nodes, poolKind, kib);
        try (SimController c = SimController.start(s, bind, port)) {
            c.requireBearerToken(token);
            System.err.println("LINSTOR simulated controller listening on " + c.linstorUri() + " (nodes " + nodes + ")");
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
