package io.storagedrivers.linstor.api.dto;

import java.util.List;

/** Answer of POST .../clone (also on failure, with errors in messages). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceDefinitionCloneStarted(
        String location,
        String sourceName,
        String cloneName,
        List<ApiCallRc> messages) {
}
