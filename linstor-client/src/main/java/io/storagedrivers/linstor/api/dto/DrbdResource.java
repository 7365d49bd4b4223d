package io.storagedrivers.linstor.api.dto;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** DRBD layer data of a resource. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record DrbdResource(
        JsonNode drbdResourceDefinition,
        Integer nodeId,
        List<Integer> tcpPorts,
        Integer peerSlots,
        Integer alStripes,
        Long alSize,
        List<String> flags,
        JsonNode drbdVolumes,
        JsonNode connections,
        Integer promotionScore,
        Boolean mayPromote) {
}
