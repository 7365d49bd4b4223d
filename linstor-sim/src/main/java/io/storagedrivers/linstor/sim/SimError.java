package io.storagedrivers.linstor.sim;

import java.util.List;

import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.api.dto.ApiCallRc;

/** Aborts a simulated call with LINSTOR's reply: an ApiCallRc list and the HTTP status it maps to. */
final class SimError extends RuntimeException {
    final int status;
    final transient List<ApiCallRc> rcs;

    SimError(int status, List<ApiCallRc> rcs) {
        super(rcs.isEmpty() ? "error" : rcs.get(0).message(), null, false, false);
        this.status = status;
        this.rcs = rcs;
    }

    /** Error entry with op/object bits; status as the real controller derives it from the code. */
    static SimError of(long bits, int code, String message, String cause, String correction) {
        ApiCallRc rc = Rcs.error(bits, code, message, cause, correction, null);
        return new SimError(statusOf(code), List.of(rc));
    }

    static SimError of(long bits, int code, String message) {
        return of(bits, code, message, null, null);
    }

    static int statusOf(int code) {
        if (code >= 300 && code < 400) {
            return 404;
        }
        if ((code >= RetCodes.FAIL_ACC_DENIED_FIRST && code <= RetCodes.FAIL_ACC_DENIED_LAST)) {
            return 403;
        }
        return 500;
    }
}
