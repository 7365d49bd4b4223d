package io.storagedrivers.linstor.api;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.storagedrivers.linstor.api.dto.ApiCallRc;

/**
 * Judging LINSTOR replies. Severity comes from the top two bits of ret_code, compared exactly
 * (python-linstor's is_warning()/is_info() also match errors; this does not). A call is as bad as
 * its worst entry, whatever the HTTP status said.
 */
public final class ApiCalls {

    /** Severity of one entry, ordered from best to worst. */
    public enum Severity { SUCCESS, INFO, WARNING, ERROR }

    private ApiCalls() {
    }

    public static Severity severity(ApiCallRc rc) {
        long type = (rc.retCode() == null ? 0L : rc.retCode()) & RetCodes.MASK_TYPE;
        if (type == RetCodes.MASK_ERROR) {
            return Severity.ERROR;
        }
        if (type == RetCodes.MASK_WARN) {
            return Severity.WARNING;
        }
        return type == RetCodes.MASK_INFO ? Severity.INFO : Severity.SUCCESS;
    }

    /** The low 15 bits: the code to compare with {@link RetCodes}. */
    public static int code(ApiCallRc rc) {
        return (int) ((rc.retCode() == null ? 0L : rc.retCode()) & RetCodes.MASK_CODE);
    }

    /** The first entry of the worst severity, or empty for an empty list. */
    public static Optional<ApiCallRc> worst(List<ApiCallRc> rcs) {
        return rcs.stream().max(Comparator.comparing(ApiCalls::severity)
                .thenComparing((a, b) -> Integer.compare(rcs.indexOf(b), rcs.indexOf(a))));
    }

    public static boolean hasError(List<ApiCallRc> rcs) {
        return rcs.stream().anyMatch(rc -> severity(rc) == Severity.ERROR);
    }

    public static boolean hasCode(List<ApiCallRc> rcs, int code) {
        return rcs.stream().anyMatch(rc -> code(rc) == code);
    }

    /** Throws the typed exception of the worst entry when it is an error; returns the list otherwise. */
    public static List<ApiCallRc> requireSuccess(List<ApiCallRc> rcs, int httpStatus) {
        Optional<ApiCallRc> worst = worst(rcs);
        if (worst.isPresent() && severity(worst.get()) == Severity.ERROR) {
            throw LinstorApiException.of(worst.get(), rcs, httpStatus);
        }
        return rcs;
    }

    /** The object reference {@code key} of the first entry that has it (e.g. RscDfn of a generated name). */
    public static Optional<String> objRef(List<ApiCallRc> rcs, String key) {
        return rcs.stream().filter(rc -> rc.objRefs() != null && rc.objRefs().containsKey(key))
                .map(rc -> rc.objRefs().get(key)).findFirst();
    }
}
