package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** A storage pool on one node; capacities in KiB (absent for DISKLESS). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record StoragePool(
        String storagePoolName,
        String nodeName,
        String providerKind,
        Map<String, String> props,
        Map<String, String> staticTraits,
        Long freeCapacity,
        Long totalCapacity,
        String freeSpaceMgrName,
        String uuid,
        List<ApiCallRc> reports,
        Boolean supportsSnapshots,
        String sharedSpace,
        Boolean externalLocking) {
}
