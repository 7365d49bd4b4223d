package io.storagedrivers.linstor.api.dto;

import java.util.List;

/** One element of POST .../resources. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceCreate(
        Resource resource,
        List<String> layerList,
        Integer drbdNodeId,
        Integer drbdTcpPortCount,
        List<Integer> drbdTcpPorts,
        List<String> snapNames,
        Boolean copyAllSnaps,
        Boolean drbdClient) {
}
