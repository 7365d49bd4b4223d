package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** PUT /v1/resource-definitions/{r}. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceDefinitionModify(
        Map<String, String> overrideProps,
        List<String> deleteProps,
        List<String> deleteNamespaces,
        Integer drbdPort,
        Integer drbdPeerSlots,
        List<String> layerStack,
        String resourceGroup) {
}
