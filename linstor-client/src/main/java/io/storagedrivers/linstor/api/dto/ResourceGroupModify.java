package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** PUT /v1/resource-groups/{g}. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceGroupModify(
        String description,
        Map<String, String> overrideProps,
        List<String> deleteProps,
        List<String> deleteNamespaces,
        AutoSelectFilter selectFilter,
        Integer peerSlots,
        List<String> snapNames,
        Boolean copyAllSnaps) {
}
