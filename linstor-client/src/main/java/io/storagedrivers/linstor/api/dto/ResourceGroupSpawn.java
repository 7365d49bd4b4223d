package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** POST /v1/resource-groups/{g}/spawn; sizes in KiB. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceGroupSpawn(
        String resourceDefinitionName,
        String resourceDefinitionExternalName,
        List<Long> volumeSizes,
        AutoSelectFilter selectFilter,
        Boolean partial,
        Boolean definitionsOnly,
        Integer peerSlots,
        List<String> volumePassphrases,
        Map<String, String> resourceDefinitionProps) {
}
