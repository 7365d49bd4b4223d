package io.storagedrivers.one.datastore;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneDatastore;

/** Where a datastore action that needs a block device runs: a random BRIDGE_LIST host, else the frontend. */
public final class BridgeHosts {
    /** The frontend, as the runners and backends name it. */
    public static final String FRONTEND = "localhost";

    private BridgeHosts() {
    }

    public static String pick(OneDatastore ds) {
        List<String> bridges = ds.bridgeList();
        if (bridges.isEmpty()) {
            return FRONTEND;
        }
        return HostPath.host(bridges.get(ThreadLocalRandom.current().nextInt(bridges.size())));
    }
}
