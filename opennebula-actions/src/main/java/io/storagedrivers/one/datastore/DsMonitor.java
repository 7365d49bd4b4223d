package io.storagedrivers.one.datastore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;

/**
 * {@code monitor <ds_id>} (image DS; also the system DS monitor, which oned runs as
 * tm/&lt;drv&gt;/monitor with the same arguments): one backend capacity call, printed as
 * {@code USED_MB= FREE_MB= TOTAL_MB=}. A system datastore asked for VM disks
 * ({@code MONITOR_VM_DISKS=1}) also gets one {@code VM = [...]} line per VM with its disk sizes.
 */
public final class DsMonitor extends DsAction {

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        int id = OneArgs.id("datastore id", request.id());
        OneDatastore ds = request.data().datastore();
        if (ds.id() != id) {
            throw new OneException("datastore id argument " + id + " does not match DATASTORE/ID " + ds.id());
        }
        PoolInfo pool = ctx.backend(ds).pool(ctx.profile().pool(ds));
        long total = pool.totalBytes() / Sizes.MIB;
        long free = pool.freeBytes() / Sizes.MIB;
        List<String> lines = new ArrayList<>();
        lines.add("USED_MB=" + (total - free) + " FREE_MB=" + free + " TOTAL_MB=" + total);
        if (ds.type() == OneDatastore.TYPE_SYSTEM && "1".equals(request.data().extra().get("MONITOR_VM_DISKS"))) {
            lines.addAll(vmDisks(ds, ctx));
        }
        ctx.reply().resultLines(lines);
    }

    /**
     * {@code VM = [ ID = <vm>, POLL = "DISK_SIZE=[ ID = <disk>, SIZE = <MiB> ] ..." ]}, one line
     * per VM with disks in the pool (VMs and disks in id order), as fs_lvm's monitor reports them,
     * from one report of the pool (shared LVM: one {@code lvs} on this machine, no host asked).
     */
    static List<String> vmDisks(OneDatastore ds, ActionContext ctx) {
        Map<Integer, Map<Integer, Long>> vms = new TreeMap<>();
        ctx.backend(ds).volumeSizes(ctx.profile().pool(ds)).forEach((name, bytes) ->
                ctx.profile().vmDiskOf(name).ifPresent(vd ->
                        vms.computeIfAbsent(vd[0], v -> new TreeMap<>()).put(vd[1], bytes / Sizes.MIB)));
        List<String> out = new ArrayList<>(vms.size());
        StringBuilder sb = new StringBuilder();
        vms.forEach((vm, disks) -> {
            sb.setLength(0);
            sb.append("VM = [ ID = ").append(vm).append(", POLL = \"");
            disks.forEach((disk, mib) -> sb.append("DISK_SIZE=[ ID = ").append(disk).append(", SIZE = ").append(mib).append(" ] "));
            sb.setLength(sb.length() - 1);
            out.add(sb.append("\" ]").toString());
        });
        return out;
    }
}
