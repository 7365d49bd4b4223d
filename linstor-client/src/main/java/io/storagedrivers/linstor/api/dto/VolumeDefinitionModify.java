package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** PUT .../volume-definitions/{nr} (resize: grow only). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record VolumeDefinitionModify(
        Long sizeKib,
        Map<String, String> overrideProps,
        List<String> deleteProps,
        List<String> deleteNamespaces,
        List<String> flags) {
}
