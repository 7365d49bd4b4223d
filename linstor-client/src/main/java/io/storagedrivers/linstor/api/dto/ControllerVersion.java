package io.storagedrivers.linstor.api.dto;

/** GET /v1/controller/version. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ControllerVersion(
        String version,
        String gitHash,
        String buildTime,
        String restApiVersion) {
}
