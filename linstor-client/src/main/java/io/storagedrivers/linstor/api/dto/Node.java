package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** A LINSTOR node; {@code type} is upper case on the wire (impl), compare case-insensitively. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record Node(
        String name,
        String type,
        List<String> flags,
        Map<String, String> props,
        List<NetInterface> netInterfaces,
        String connectionStatus,
        String uuid,
        List<String> storageProviders,
        List<String> resourceLayers) {
}
