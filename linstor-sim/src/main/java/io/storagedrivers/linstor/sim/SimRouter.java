package io.storagedrivers.linstor.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.storagedrivers.linstor.api.RetCodes;

/**
 * Maps LINSTOR REST paths to the simulated operations. Paths the simulator does not serve get
 * 404 with an ApiCallRc list (never a hang), as linstor.md §13.5 asks.
 */
final class SimRouter {

    /** Status and JSON body (an ApiCallRc list, an object or an array). */
    record SimReply(int status, Object body) {
    }

    @FunctionalInterface
    interface Handler {
        SimReply handle(String[] p, SimRequest r);
    }

    private record Route(String method, Pattern pattern, Handler handler, boolean mutating) {
    }

    private static final String N = "([^/]+)";
    private final List<Route> routes = new ArrayList<>();
    private final SimState state;

    SimRouter(SimState state) {
        this.state = state;
        SimNodes nodes = new SimNodes(state);
        SimGroups groups = new SimGroups(state);
        SimDefinitions defs = new SimDefinitions(state);
        SimResources rscs = new SimResources(state);
        SimSnapshots snaps = new SimSnapshots(state);
        String rd = "/v1/resource-definitions/" + N;
        String rsc = rd + "/resources/" + N;
        String rg = "/v1/resource-groups/" + N;
        read("/v1/controller/version", nodes::version);
        read("/v1/controller/properties", nodes::controllerProps);
        read("/v1/nodes", nodes::list);
        read("/v1/nodes/" + N, nodes::one);
        read("/v1/nodes/" + N + "/storage-pools", nodes::pools);
        read("/v1/view/storage-pools", nodes::viewPools);
        read("/v1/resource-groups", groups::list);
        change("POST", "/v1/resource-groups", groups::create);
        read(rg, groups::one);
        change("PUT", rg, groups::modify);
        change("DELETE", rg, groups::delete);
        read(rg + "/volume-groups", groups::volumeGroups);
        change("POST", rg + "/volume-groups", groups::createVolumeGroup);
        change("DELETE", rg + "/volume-groups/" + N, groups::deleteVolumeGroup);
        change("POST", rg + "/spawn", groups::spawn);
        read("/v1/resource-definitions", defs::list);
        change("POST", "/v1/resource-definitions", defs::create);
        read(rd, defs::one);
        change("PUT", rd, defs::modify);
        change("DELETE", rd, defs::delete);
        read(rd + "/volume-definitions", defs::volumeDefinitions);
        change("POST", rd + "/volume-definitions", defs::createVolumeDefinition);
        change("PUT", rd + "/volume-definitions/" + N, defs::modifyVolumeDefinition);
        change("DELETE", rd + "/volume-definitions/" + N, defs::deleteVolumeDefinition);
        read(rd + "/sync-status", defs::syncStatus);
        read("/v1/view/resources", rscs::view);
        read(rd + "/resources", rscs::list);
        change("POST", rd + "/resources", rscs::create);
        read(rsc, rscs::one);
        change("POST", rsc, rscs::createOne);
        change("PUT", rsc, rscs::modify);
        change("DELETE", rsc, rscs::delete);
        change("POST", rsc + "/make-available", rscs::makeAvailable);
        change("PUT", rsc + "/toggle-disk", rscs::toggleDisk);
        change("PUT", rsc + "/toggle-disk/(diskless|diskful)", rscs::toggleDiskDeprecated);
        change("PUT", rsc + "/toggle-disk/(diskless|diskful)/" + N, rscs::toggleDiskDeprecated);
        change("POST", rsc + "/(activate|deactivate)", rscs::activation);
        change("POST", rd + "/autoplace", rscs::autoplace);
        read("/v1/view/snapshots", snaps::view);
        read(rd + "/snapshots", snaps::list);
        read(rd + "/snapshots/" + N, snaps::one);
        change("POST", rd + "/snapshots", snaps::create);
        change("POST", "/v1/actions/snapshot/multi", snaps::createMulti);
        change("DELETE", rd + "/snapshots/" + N, snaps::delete);
        change("POST", rd + "/snapshot-restore-volume-definition/" + N, snaps::restoreVolumeDefinitions);
        change("POST", rd + "/snapshot-restore-resource/" + N, snaps::restoreResources);
        change("POST", rd + "/snapshot-rollback/" + N, snaps::rollback);
        change("POST", rd + "/clone", snaps::clone);
        read(rd + "/clone/" + N, snaps::cloneStatus);
        read("/v1/error-reports", (p, r) -> SimRequest.ok(List.of()));
    }

    private void read(String regex, Handler h) {
        routes.add(new Route("GET", Pattern.compile(regex), h, false));
    }

    private void change(String method, String regex, Handler h) {
        routes.add(new Route(method, Pattern.compile(regex), h, true));
    }

    SimReply route(SimRequest req) {
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(req.path());
            if (route.method().equals(req.method()) && m.matches()) {
                String[] groups = new String[m.groupCount()];
                for (int i = 0; i < groups.length; i++) {
                    groups[i] = URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8);
                }
                try {
                    synchronized (state) {
                        SimReply reply = route.handler().handle(groups, req);
                        if (route.mutating()) {
                            state.save();
                        }
                        return reply;
                    }
                } catch (SimError e) {
                    return new SimReply(e.status, e.rcs);
                }
            }
        }
        return new SimReply(404, List.of(Rcs.error(0, RetCodes.FAIL_UNKNOWN_ERROR,
                "The simulated controller does not serve " + req.method() + " " + req.path(), null, null, null)));
    }
}
