package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** A resource group's per-volume template. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record VolumeGroup(
        Integer volumeNumber,
        Map<String, String> props,
        String uuid,
        List<String> flags) {
}
