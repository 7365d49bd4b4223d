package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** A volume of a resource on one node. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record Volume(
        Integer volumeNumber,
        String storagePoolName,
        String providerKind,
        String devicePath,
        Long allocatedSizeKib,
        Long usableSizeKib,
        Map<String, String> props,
        List<String> flags,
        VolumeState state,
        List<VolumeLayer> layerDataList,
        String uuid,
        List<ApiCallRc> reports) {
}
