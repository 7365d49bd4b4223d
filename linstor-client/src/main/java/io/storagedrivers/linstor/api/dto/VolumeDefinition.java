package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** A volume definition; size in KiB. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record VolumeDefinition(
        Integer volumeNumber,
        Long sizeKib,
        Map<String, String> props,
        List<String> flags,
        List<VolumeDefinitionLayer> layerData,
        String uuid) {
}
