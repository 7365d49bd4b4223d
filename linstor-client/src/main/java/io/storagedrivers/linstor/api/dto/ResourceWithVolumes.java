package io.storagedrivers.linstor.api.dto;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** A resource with its volumes (GET /v1/view/resources). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceWithVolumes(
        String name,
        String nodeName,
        Map<String, String> props,
        JsonNode effectiveProps,
        List<String> flags,
        ResourceLayer layerObject,
        ResourceState state,
        String uuid,
        Long createTimestamp,
        List<Volume> volumes,
        String sharedName) {
}
