package io.storagedrivers.sharedlvm.doctor;

import io.storagedrivers.checks.DoctorChecks;
import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.checks.DoctorRequest;

/**
 * Shared LVM's part of {@code doctor} (listed in
 * {@code META-INF/services/io.storagedrivers.checks.DoctorChecks}): on the node doctor runs on, the
 * VGs, sudo rights and metadata writable ({@link FrontendLvmChecks}); on every host, sudo rights,
 * the VGs and metadata read-only ({@link HostLvmChecks}); on nodes of shared VGs, lvmlockd's
 * setup ({@link LvmlockdChecks}). Every LVM command line comes from {@code LvmCommands}.
 */
public final class SharedLvmDoctorChecks implements DoctorChecks {

    private LvmNode here;
    private LvmlockdChecks lockd;

    @Override
    public void here(DoctorRequest request, DoctorNode node) {
        here = new LvmNode(node);
        lockd = LvmlockdChecks.of(here, request.vgs());
        FrontendLvmChecks.run(here, request.vgs(), request.metadataNode());
        if (!lockd.sharedVgs().isEmpty() || LvmlockdChecks.usedBy(here)) {
            lockd.run(here);
        }
    }

    @Override
    public void host(DoctorRequest request, DoctorNode host, DoctorNode node) {
        new HostLvmChecks(new LvmNode(host), here, lockd).run(request.vgs());
    }
}
