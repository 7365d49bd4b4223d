package io.storagedrivers.linstor.api.dto;

import java.util.List;

/** PUT .../toggle-disk (REST 1.28). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ToggleDiskRequest(
        String operation,
        String storagePool,
        String migrateFrom,
        List<String> layerList) {
}
