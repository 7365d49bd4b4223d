package io.storagedrivers.sharedlvm.doctor;

import java.util.List;

import io.storagedrivers.checks.DoctorChecks;
import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.checks.DoctorRequest;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.sharedlvm.lvm.LvsParser;

/**
 * Shared LVM's part of {@code doctor} (listed in
 * {@code META-INF/services/io.storagedrivers.checks.DoctorChecks}): on the node doctor runs on, the
 * VGs, sudo rights and metadata writable ({@link FrontendLvmChecks}); on every host, sudo rights,
 * the VGs and metadata read-only ({@link HostLvmChecks}); on nodes of shared VGs, lvmlockd's
 * setup ({@link LvmlockdChecks}); where thin pools are used ({@code --thin}, or a shared VG already
 * holds one), thin-provisioning-tools on every node ({@link ThinToolsCheck}). Every LVM command
 * line comes from {@code LvmCommands}.
 */
public final class SharedLvmDoctorChecks implements DoctorChecks {

    private LvmNode here;
    private LvmlockdChecks lockd;
    private boolean thin;

    @Override
    public void here(DoctorRequest request, DoctorNode node) {
        here = new LvmNode(node);
        lockd = LvmlockdChecks.of(here, request.vgs());
        FrontendLvmChecks.run(here, request.vgs(), request.metadataNode());
        if (!lockd.sharedVgs().isEmpty() || LvmlockdChecks.usedBy(here)) {
            lockd.run(here);
        }
        thin = request.thin() || thinPools(here, lockd.sharedVgs());
        if (thin) {
            ThinToolsCheck.run(here);
        }
    }

    @Override
    public void host(DoctorRequest request, DoctorNode host, DoctorNode node) {
        LvmNode lvm = new LvmNode(host);
        new HostLvmChecks(lvm, here, lockd).run(request.vgs());
        if (thin) {
            ThinToolsCheck.run(lvm);
        }
    }

    /** Whether one of {@code sharedVgs} holds a thin pool ({@code lv_attr} t...), as {@code lvm}'s LVM reports it. */
    static boolean thinPools(LvmNode lvm, List<String> sharedVgs) {
        for (String vg : sharedVgs) {
            try {
                CommandResult r = lvm.run(lvm.lvm().reports().lvs(vg));
                if (r.ok() && LvsParser.parse(r.stdout()).stream().anyMatch(lv -> lv.attr().startsWith("t"))) {
                    return true;
                }
            } catch (RuntimeException e) {
                // the VG checks report what is wrong with the VG
            }
        }
        return false;
    }
}
