package io.storagedrivers.checks;

import java.util.List;

/**
 * What {@code doctor} was asked to check.
 *
 * @param vgs          volume groups that every node must see ({@code --vg})
 * @param hosts        hosts to check over SSH ({@code --host})
 * @param metadataNode the node doctor runs on changes LVM metadata (the frontend), so it must not be
 *                     read-only ({@code --no-metadata} says it does not)
 */
public record DoctorRequest(List<String> vgs, List<String> hosts, boolean metadataNode) {
    public DoctorRequest {
        vgs = List.copyOf(vgs);
        hosts = List.copyOf(hosts);
    }
}
