package io.storagedrivers.linstor.api.dto;

import com.fasterxml.jackson.databind.JsonNode;


/** A layer of a volume; {@code data} is a DrbdVolume for DRBD. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record VolumeLayer(
        String type,
        JsonNode data) {
}
