package io.storagedrivers.linstor.one;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.testsupport.TestBed;

/**
 * The installation the linstor ITs run in: a simulated controller on 127.0.0.1 inside the test
 * bed's frontend namespace with nodes named like the test bed's hosts plus a storage-only node
 * {@code store3} (50 GiB; the hosts 100 GiB), image datastore 101 (group {@code one-img}, one
 * replica) and system datastore 100 (group {@code one-sys}, two replicas), and {@link OneStage}.
 */
final class LinstorWorld implements AutoCloseable {
    static final String IMG_RG = "one-img";
    static final String SYS_RG = "one-sys";

    final SimFixture sim;
    final Linstor ls;
    final OneStage one;
    final String host1;
    final String host2;
    final String imageDs;
    final String sysDs;
    private final boolean ownWork;

    LinstorWorld() throws Exception {
        this(null);
    }

    /**
     * With {@code fe}, an installed frontend (runner tier): the stand-ins' XML goes where its runners'
     * onevm/onedatastore read it and the datastores live in its DATASTORE_LOCATION.
     */
    LinstorWorld(io.storagedrivers.testsupport.OneFrontend fe) throws Exception {
        TestBed tb = TestBed.require();
        host1 = tb.hosts().get(0);
        host2 = tb.hosts().get(1);
        sim = SimFixture.thin(host1, host2);
        sim.state.addNode("store3", "LVM_THIN", 50L * 1024 * 1024);
        ls = sim.linstor();
        ls.resourceGroup(IMG_RG).redundancy(1);
        ls.resourceGroup(SYS_RG).redundancy(2);
        // OneStage's stand-in directory (<work>/one-stubs) is the frontend's
        one = fe == null ? new OneStage(Files.createTempDirectory(Path.of("/tmp"), "sd-linstor-it-"))
                : new OneStage(fe.work, fe.one.resolve("var/datastores").toString());
        ownWork = fe == null;
        one.env.put("STORAGE_DRIVERS_SSH_CONFIG", tb.sshConfig().toString());
        imageDs = datastore(101, false, IMG_RG);
        sysDs = datastore(100, true, SYS_RG);
    }

    /** A linstor datastore on the simulated controller using resource group {@code rg}. */
    String datastore(int id, boolean system, String rg) throws Exception {
        return one.datastore(id, system, Map.of("LINSTOR_CONTROLLERS", sim.controller().linstorUri(),
                "LINSTOR_RESOURCE_GROUP", rg, "BRIDGE_LIST", host1 + " " + host2));
    }

    Resource rd(String name) {
        return ls.resource(name);
    }

    Set<String> definitions() {
        Set<String> out = new TreeSet<>();
        ls.client().api().resourceDefinitions(null, false).forEach(d -> out.add(d.name()));
        return out;
    }

    @Override
    public void close() throws Exception {
        ls.close();
        sim.close();
        if (ownWork) {
            new ProcessBuilder("rm", "-rf", one.work.toString()).start().waitFor();
        }
    }
}
