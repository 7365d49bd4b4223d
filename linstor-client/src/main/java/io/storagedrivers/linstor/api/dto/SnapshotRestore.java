package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** POST .../snapshot-restore-{volume-definition,resource}/{s}. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record SnapshotRestore(
        String toResource,
        List<String> nodes,
        Map<String, String> storPoolRename) {
}
