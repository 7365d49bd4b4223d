package io.storagedrivers.one.tm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneDisk;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.spi.VolumeBackend;

/**
 * {@code activate host:sysdir vmid sys_ds_id}: after {@code host} rebooted (or failed and came
 * back), activates on it again the disks of VM {@code vmid} that this driver serves — its image
 * disks, and its volatile disks when the system datastore is this driver's — and nothing else.
 * The shared VG's autoactivation is off (docs/operator-guide.md, "Host reboot"), so after a boot
 * no LV of it is active anywhere until an action asks for it.
 *
 * <p>OpenNebula's own {@code fs_lvm/activate} runs on the host from a {@code @reboot} cron job of
 * its node package and finds the VMs from {@code .host} files; ours runs on the frontend like every
 * other action (hosts need no Java) and asks oned which host the VM is on: a VM that oned places on
 * another host, or that holds no disks on a host in its state, is refused, so a stale call cannot
 * activate a disk where another host may be writing it.
 */
public final class TmActivate extends TmAction {
    /** VM STATEs in which the VM's disks belong active on its host: ACTIVE, SUSPENDED, POWEROFF. */
    private static final Set<Integer> DISKS_ON_HOST = Set.of(3, 5, 8);

    public TmActivate() {
        super(3, 3, "host:sysdir vmid sys_ds_id");
    }

    @Override
    public String name() {
        return "activate";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        int vmId = vmId(args.get(1));
        VmDir dir = VmDir.of(HostPath.parse(args.get(0)), vmId);
        if (dir.diskId() >= 0 || dir.systemDsId() != dsId(args.get(2))) {
            throw new OneException("path " + args.get(0) + " is not the VM directory in system datastore " + args.get(2));
        }
        String host = dir.host();
        OneVm vm = ctx.one().vm(vmId);
        if (!DISKS_ON_HOST.contains(vm.state())) {
            throw new OneException("VM " + vmId + " is in state " + vm.state()
                    + ": its disks are active on no host (activate needs ACTIVE, SUSPENDED or POWEROFF)");
        }
        if (!host.equals(vm.lastHostname())) {
            throw new OneException("VM " + vmId + " runs on '" + vm.lastHostname() + "', not on " + host
                    + ": nothing activated");
        }
        List<VmDisk> disks = disks(ctx, vm, dir.systemDsId());
        if (disks.isEmpty()) {
            ctx.reply().info("VM " + vmId + " has no " + ctx.profile().driverName() + " disks; nothing to do");
            return;
        }
        // one request per backend to the host: lvchange -ay of exactly these LVs
        for (Map.Entry<VolumeBackend, List<VmDisk>> g : VmDisk.byBackend(disks).entrySet()) {
            List<String> devices = g.getKey().attachAll(VmDisk.refs(g.getValue()), host);
            for (int i = 0; i < devices.size(); i++) {
                ctx.reply().info("activated disk." + g.getValue().get(i).disk().diskId() + " on " + host + ": " + devices.get(i));
            }
        }
    }

    /** The VM's disks this driver serves: its image disks, and the volatile ones when the system DS is ours. */
    private static List<VmDisk> disks(ActionContext ctx, OneVm vm, int systemDsId) {
        String me = ctx.profile().driverName();
        OneDatastore systemDs = null;
        List<VmDisk> out = new ArrayList<>();
        for (OneDisk d : vm.disks()) {
            if (!me.equals(d.tmMad()) && !d.isVolatile()) {
                continue;
            }
            if (systemDs == null) {
                systemDs = ctx.one().datastore(systemDsId);
            }
            if (d.isVolatile() && !me.equals(systemDs.tmMad())) {
                continue;
            }
            out.add(VmDisk.of(ctx, vm, d, systemDs));
        }
        return out;
    }
}
