package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** PUT .../resources/{n}. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceModify(
        Map<String, String> overrideProps,
        List<String> deleteProps,
        List<String> deleteNamespaces,
        Boolean drbdTiebreaker,
        Boolean drbdClient) {
}
