package io.storagedrivers.linstor.api.dto;

import java.util.Map;

/** A resource group. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceGroup(
        String name,
        String description,
        Map<String, String> props,
        AutoSelectFilter selectFilter,
        String uuid,
        Integer peerSlots) {
}
