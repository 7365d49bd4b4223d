package io.storagedrivers.checks;

import java.util.List;

/**
 * What {@code doctor} was asked to check.
 *
 * @param vgs          volume groups that every node must see ({@code --vg})
 * @param hosts        hosts to check over SSH ({@code --host})
 * @param metadataNode the node doctor runs on changes LVM metadata (the frontend), so it must not be
 *                     read-only ({@code --no-metadata} says it does not)
 * @param thin         the VGs' datastores or backends make thin volumes ({@code LVM_THIN_ENABLE},
 *                     {@code --thin}): every node needs the tools thin pools need
 */
public record DoctorRequest(List<String> vgs, List<String> hosts, boolean metadataNode, boolean thin) {
    public DoctorRequest {
        vgs = List.copyOf(vgs);
        hosts = List.copyOf(hosts);
    }

    public DoctorRequest(List<String> vgs, List<String> hosts, boolean metadataNode) {
        this(vgs, hosts, metadataNode, false);
    }
}
