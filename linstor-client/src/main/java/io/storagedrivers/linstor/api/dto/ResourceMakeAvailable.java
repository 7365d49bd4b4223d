package io.storagedrivers.linstor.api.dto;

import java.util.List;

/** POST .../resources/{n}/make-available. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceMakeAvailable(
        List<String> layerList,
        Boolean diskful,
        List<Integer> drbdTcpPorts,
        List<String> snapNames,
        Boolean copyAllSnaps) {
}
