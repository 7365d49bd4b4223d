package io.storagedrivers.linstor.api.dto;

import java.util.List;

/** POST .../autoplace. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record AutoPlaceRequest(
        Boolean disklessOnRemaining,
        AutoSelectFilter selectFilter,
        List<String> layerList,
        List<String> snapNames,
        Boolean copyAllSnaps) {
}
