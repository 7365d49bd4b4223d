package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** One entry of LINSTOR's reply list (see ApiCalls for judging it). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ApiCallRc(
        Long retCode,
        String message,
        String cause,
        String details,
        String correction,
        List<String> errorReportIds,
        Map<String, String> objRefs,
        String createdAt) {
}
