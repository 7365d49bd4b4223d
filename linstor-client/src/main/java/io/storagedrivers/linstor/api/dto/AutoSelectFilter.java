package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** Autoplace policy (RG select_filter, autoplace and spawn requests). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record AutoSelectFilter(
        Integer placeCount,
        Integer additionalPlaceCount,
        List<String> nodeNameList,
        String storagePool,
        List<String> storagePoolList,
        List<String> storagePoolDisklessList,
        List<String> notPlaceWithRsc,
        String notPlaceWithRscRegex,
        List<String> replicasOnSame,
        List<String> replicasOnDifferent,
        Map<String, Integer> xReplicasOnDifferentMap,
        List<String> layerStack,
        List<String> providerList,
        Boolean disklessOnRemaining,
        String disklessType,
        Double overprovision,
        Integer portCount) {
}
