package io.storagedrivers.linstor.one;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.storagedrivers.checks.DoctorChecks;
import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.checks.DoctorRequest;
import io.storagedrivers.linstor.api.LinstorClient;
import io.storagedrivers.linstor.api.dto.ControllerVersion;
import io.storagedrivers.linstor.api.dto.Node;
import io.storagedrivers.linstor.backend.LinstorSettings;
import io.storagedrivers.one.DriverConfig;

/**
 * LINSTOR's part of {@code doctor} (listed in
 * {@code META-INF/services/io.storagedrivers.checks.DoctorChecks}): where this node names a
 * controller (LINSTOR_CONTROLLERS or LS_CONTROLLERS in the environment or the driver config file,
 * or {@code /etc/linstor/linstor-client.conf}), that it answers with a REST API the driver speaks,
 * and that every checked host is a LINSTOR node and online (a VM disk attaches only on a node).
 * Datastores may name their own controllers: without one here, there is nothing to check.
 */
public final class LinstorDoctorChecks implements DoctorChecks {

    private final Map<String, String> env;
    /** The controller's nodes; null when no controller was checked. */
    private List<Node> nodes;

    public LinstorDoctorChecks() {
        this(System.getenv());
    }

    LinstorDoctorChecks(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void here(DoctorRequest request, DoctorNode here) {
        LinstorSettings settings;
        try {
            Map<String, String> s = new HashMap<>(env);
            s.putAll(DriverConfig.read(DriverConfig.file(env, "linstor")));
            settings = LinstorSettings.from(s);
        } catch (RuntimeException e) {
            here.report(false, "LINSTOR settings: " + firstLine(e));
            return;
        }
        if (!settings.controllersConfigured()) {
            here.report(true, "LINSTOR: no controller named here (LINSTOR_CONTROLLERS, linstor-client.conf); the"
                    + " datastores name theirs: not checked");
            return;
        }
        try (LinstorClient client = new LinstorClient(settings.clientConfig(null))) {
            ControllerVersion v = client.version();
            nodes = client.nodes();
            here.report(true, "LINSTOR controller " + client.activeController() + " answers (LINSTOR " + v.version()
                    + ", REST API " + v.restApiVersion() + ", " + nodes.size() + " nodes)");
        } catch (RuntimeException e) {
            here.report(false, "LINSTOR controller: " + firstLine(e));
        }
    }

    @Override
    public void host(DoctorRequest request, DoctorNode host, DoctorNode here) {
        if (nodes == null) {
            return;
        }
        Optional<Node> node = nodes.stream().filter(n -> n.name().equalsIgnoreCase(host.name())).findFirst();
        if (node.isEmpty()) {
            host.report(false, "not a LINSTOR node (the controller has " + nodes.stream().map(Node::name).toList()
                    + "): its VM disks cannot attach; add it with linstor node create");
            return;
        }
        String status = String.valueOf(node.get().connectionStatus());
        host.report(status.equalsIgnoreCase("ONLINE"), "LINSTOR node " + node.get().name() + " " + status);
    }

    private static String firstLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
