package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** A resource definition (the cluster-wide volume object). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceDefinition(
        String name,
        String externalName,
        Map<String, String> props,
        List<String> flags,
        List<ResourceDefinitionLayer> layerData,
        String uuid,
        String resourceGroupName,
        List<VolumeDefinition> volumeDefinitions) {
}
