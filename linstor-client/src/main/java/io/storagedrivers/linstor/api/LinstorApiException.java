package io.storagedrivers.linstor.api;

import java.util.List;

import io.storagedrivers.linstor.api.dto.ApiCallRc;

/**
 * The controller answered with an error entry. Carries LINSTOR's message, cause, correction and
 * details, the low-15-bit code and every entry of the reply. Subclasses name the cases callers
 * act on; {@link #of} picks the class from the code.
 */
public class LinstorApiException extends LinstorException {
    private final transient ApiCallRc rc;
    private final transient List<ApiCallRc> all;
    private final int httpStatus;

    public LinstorApiException(ApiCallRc rc, List<ApiCallRc> all, int httpStatus) {
        super(oneLine(rc));
        this.rc = rc;
        this.all = List.copyOf(all);
        this.httpStatus = httpStatus;
    }

    public static LinstorApiException of(ApiCallRc rc, List<ApiCallRc> all, int httpStatus) {
        int code = ApiCalls.code(rc);
        if (code >= 300 && code < 400) {
            return new NotFound(rc, all, httpStatus);
        }
        if (code >= 500 && code < 600) {
            return new Exists(rc, all, httpStatus);
        }
        if (code == RetCodes.FAIL_NOT_ENOUGH_NODES) {
            return new NotEnoughNodes(rc, all, httpStatus);
        }
        if (code == RetCodes.FAIL_IN_USE) {
            return new InUse(rc, all, httpStatus);
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return new AccessDenied(rc, all, httpStatus);
        }
        return new LinstorApiException(rc, all, httpStatus);
    }

    /** LINSTOR's message, then cause and correction when given, as one line. */
    static String oneLine(ApiCallRc rc) {
        StringBuilder sb = new StringBuilder(flat(rc.message()));
        if (rc.cause() != null && !rc.cause().isBlank()) {
            sb.append(" (cause: ").append(flat(rc.cause())).append(')');
        }
        if (rc.correction() != null && !rc.correction().isBlank()) {
            sb.append(" (correction: ").append(flat(rc.correction())).append(')');
        }
        return sb.toString();
    }

    private static String flat(String s) {
        return s == null ? "LINSTOR error" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    public ApiCallRc rc() {
        return rc;
    }

    public List<ApiCallRc> all() {
        return all;
    }

    public int code() {
        return ApiCalls.code(rc);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String lsMessage() {
        return rc.message();
    }

    public String lsCause() {
        return rc.cause();
    }

    public String correction() {
        return rc.correction();
    }

    public String details() {
        return rc.details();
    }

    /** FAIL_NOT_FOUND_* (3xx). */
    public static final class NotFound extends LinstorApiException {
        NotFound(ApiCallRc rc, List<ApiCallRc> all, int status) {
            super(rc, all, status);
        }
    }

    /** FAIL_EXISTS_* (5xx). */
    public static final class Exists extends LinstorApiException {
        Exists(ApiCallRc rc, List<ApiCallRc> all, int status) {
            super(rc, all, status);
        }
    }

    /** FAIL_NOT_ENOUGH_NODES (996): placement impossible with the current nodes/pools/policy. */
    public static final class NotEnoughNodes extends LinstorApiException {
        NotEnoughNodes(ApiCallRc rc, List<ApiCallRc> all, int status) {
            super(rc, all, status);
        }
    }

    /** FAIL_IN_USE (997): the resource is Primary somewhere, or is the last diskful replica. */
    public static final class InUse extends LinstorApiException {
        InUse(ApiCallRc rc, List<ApiCallRc> all, int status) {
            super(rc, all, status);
        }
    }

    /** 401/403: missing or wrong credentials. */
    public static final class AccessDenied extends LinstorApiException {
        AccessDenied(ApiCallRc rc, List<ApiCallRc> all, int status) {
            super(rc, all, status);
        }
    }
}
