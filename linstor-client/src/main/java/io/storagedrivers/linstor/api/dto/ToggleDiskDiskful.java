package io.storagedrivers.linstor.api.dto;

import java.util.List;

/** Deprecated toggle-disk/diskful body. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ToggleDiskDiskful(
        List<String> layerList) {
}
