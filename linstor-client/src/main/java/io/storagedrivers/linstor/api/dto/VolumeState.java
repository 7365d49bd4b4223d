package io.storagedrivers.linstor.api.dto;

import com.fasterxml.jackson.databind.JsonNode;


/** Runtime state of a volume. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record VolumeState(
        String diskState,
        JsonNode replicationStates) {
}
