package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** POST .../clone. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceDefinitionCloneRequest(
        String name,
        String externalName,
        Boolean useZfsClone,
        List<String> layerList,
        List<String> volumePassphrases,
        String resourceGroup,
        Map<String, String> overrideProps,
        List<String> deleteProps,
        List<String> deleteNamespaces) {
}
