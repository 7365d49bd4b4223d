package io.storagedrivers.linstor.sim;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.api.dto.ApiCallRc;

/** Builds ApiCallRc entries the way the controller fills them (type, op and object bits, timestamp). */
final class Rcs {
    private Rcs() {
    }

    static ApiCallRc entry(long typeBits, long opObjBits, int code, String message, String details,
                           String cause, String correction, Map<String, String> refs) {
        return new ApiCallRc(typeBits | opObjBits | code, message, cause, details, correction, null, refs,
                OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    static ApiCallRc ok(long opObjBits, int code, String message, Map<String, String> refs) {
        return entry(0, opObjBits, code, message, null, null, null, refs);
    }

    static ApiCallRc ok(long opObjBits, int code, String message, String details, Map<String, String> refs) {
        return entry(0, opObjBits, code, message, details, null, null, refs);
    }

    static ApiCallRc warn(long opObjBits, int code, String message, Map<String, String> refs) {
        return entry(RetCodes.MASK_WARN, opObjBits, code, message, null, null, null, refs);
    }

    static ApiCallRc info(long opObjBits, int code, String message, Map<String, String> refs) {
        return entry(RetCodes.MASK_INFO, opObjBits, code, message, null, null, null, refs);
    }

    static ApiCallRc error(long opObjBits, int code, String message, String cause, String correction,
                           Map<String, String> refs) {
        return entry(RetCodes.MASK_ERROR, opObjBits, code, message, null, cause, correction, refs);
    }
}
