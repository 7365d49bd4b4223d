package io.storagedrivers.cinderbridge.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.cinderbridge.ops.ApiException.Code;
import io.storagedrivers.cinderbridge.ops.OpRequest.VolumeSpec;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * initialize_connection / terminate_connection with Cinder's {@code local} connection type: the
 * device is made present on the connector's host and its path returned; Nova and os-brick do
 * nothing more on the host.
 *
 * <p>A second host attaching a volume that is not multiattach is a live migration (Nova attaches
 * the destination before it moves the guest and detaches the source afterwards): the backend's
 * migration hooks run around it.
 */
public final class ConnectionOps {

    public Map<String, Object> initialize(BridgeBackend b, OpRequest req) {
        VolumeSpec v = req.requireVolume();
        VolumeRef ref = b.existing(v);
        String host = b.settings().backendHost(Names.host(connectorHost(req)));
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(ref), Code.VOLUME_BUSY)) {
            VolumeBackend spi = b.spi();
            if (spi.find(ref).isEmpty()) {
                throw VolumeOps.notFound(ref);
            }
            // Cinder's other attachments (not the backend's view: LINSTOR lists every replica);
            // a migration begins before the new host attaches (shared LVM shares the LV lock first)
            Set<String> others = new LinkedHashSet<>(mappedHosts(b, req));
            others.remove(host);
            if (!v.multiattachEnabled() && others.size() == 1) {
                spi.beginMigration(ref, others.iterator().next(), host);
            }
            String device = spi.attach(ref, host);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("device_path", device);
            return Map.of("connection_info", Map.of("driver_volume_type", "local", "data", data));
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    /**
     * Returns {@code shared: true} when other Cinder attachments of the volume remain (Cinder then
     * keeps the export). The device stays on the host while another attachment on that same host
     * remains; without a connector the volume is detached everywhere (force detach).
     */
    public Map<String, Object> terminate(BridgeBackend b, OpRequest req) {
        VolumeSpec v = req.requireVolume();
        VolumeRef ref = b.existing(v);
        String cinderHost = connectorHost(req);
        if (cinderHost != null) {
            Names.host(cinderHost); // refused even when there is nothing to detach
        }
        List<String> hosts = mappedHosts(b, req);
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(ref), Code.VOLUME_BUSY)) {
            VolumeBackend spi = b.spi();
            if (spi.find(ref).isEmpty()) {
                return Map.of("shared", false);
            }
            if (cinderHost == null) {
                Set<String> all = new LinkedHashSet<>(spi.attachments(ref));
                all.addAll(hosts);
                for (String h : all) {
                    spi.detach(ref, h);
                }
                return Map.of("shared", false);
            }
            String host = b.settings().backendHost(Names.host(cinderHost));
            boolean shared = hosts.size() > 1;
            if (hosts.stream().filter(host::equals).count() > 1) {
                return Map.of("shared", true);
            }
            spi.detach(ref, host);
            endMigration(spi, ref, v, hosts, host);
            return Map.of("shared", shared);
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    /**
     * With exactly one other host left on a non-multiattach volume, a migration ends: the host
     * that attached first was the source. Leaving the source means it succeeded.
     */
    private static void endMigration(VolumeBackend spi, VolumeRef ref, VolumeSpec v, List<String> hosts, String leaving) {
        List<String> distinct = hosts.stream().distinct().toList();
        if (v.multiattachEnabled() || distinct.size() != 2 || !distinct.contains(leaving)) {
            return;
        }
        String other = distinct.get(0).equals(leaving) ? distinct.get(1) : distinct.get(0);
        boolean leavingIsSource = distinct.get(0).equals(leaving);
        if (leavingIsSource) {
            spi.endMigration(ref, leaving, other, true);
        } else {
            spi.endMigration(ref, other, leaving, false);
        }
    }

    /** The request's attachment hosts (Cinder's names), as backend host names, in order. */
    static List<String> mappedHosts(BridgeBackend b, OpRequest req) {
        List<String> hosts = new ArrayList<>();
        for (String h : req.attachmentHosts() == null ? List.<String>of() : req.attachmentHosts()) {
            hosts.add(b.settings().backendHost(Names.host(h)));
        }
        return hosts;
    }

    private static String connectorHost(OpRequest req) {
        if (req.connector() == null) {
            return null;
        }
        Object h = req.connector().get("host");
        if (!(h instanceof String s)) {
            throw new ApiException(Code.INVALID_CONNECTOR, "connector has no host");
        }
        return s;
    }
}
