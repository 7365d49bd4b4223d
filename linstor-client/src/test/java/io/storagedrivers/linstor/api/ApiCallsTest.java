package io.storagedrivers.linstor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.api.ApiCalls.Severity;
import io.storagedrivers.linstor.api.dto.ApiCallRc;

/** ret_code classification on the worked values of linstor.md §3.1. */
class ApiCallsTest {
    private static ApiCallRc rc(long code, String msg) {
        return new ApiCallRc(code, msg, null, null, null, null, null, null);
    }

    @Test
    void classifiesByTheTopTwoBitsExactly() {
        assertEquals(Severity.SUCCESS, ApiCalls.severity(rc(20447233L, "RD created")));
        assertEquals(Severity.ERROR, ApiCalls.severity(rc(-4611686018406940171L, "exists")));
        assertEquals(Severity.ERROR, ApiCalls.severity(rc(-4611686018427387603L, "not found")));
        assertEquals(Severity.WARNING, ApiCalls.severity(rc(-9223372036800771144L, "delete missing")));
        assertEquals(Severity.INFO, ApiCalls.severity(rc(RetCodes.MASK_INFO | 10000, "info")));
        assertEquals(RetCodes.FAIL_NOT_ENOUGH_NODES, ApiCalls.code(rc(-4611686018407201820L, "n")));
        assertEquals(RetCodes.WARN_NOT_FOUND, ApiCalls.code(rc(-9223372036800771144L, "n")));
    }

    @Test
    void aCallIsJudgedByItsWorstEntryNotItsStatus() {
        ApiCallRc ok = rc(20447233L, "created");
        ApiCallRc warn = rc(-9223372036834589714L, "already placed");
        ApiCallRc err = new ApiCallRc(-4611686018407201820L, "Not enough available nodes", "cause text", "details",
                "add nodes", null, null, null);
        assertEquals(List.of(ok, warn), ApiCalls.requireSuccess(List.of(ok, warn), 500));
        LinstorApiException e = assertThrows(LinstorApiException.class,
                () -> ApiCalls.requireSuccess(List.of(ok, warn, err), 201));
        assertInstanceOf(LinstorApiException.NotEnoughNodes.class, e);
        assertSame(err, e.rc());
        assertEquals("Not enough available nodes (cause: cause text) (correction: add nodes)", e.getMessage());
        assertEquals("details", e.details());
    }

    @Test
    void typedExceptionsByCode() {
        assertInstanceOf(LinstorApiException.NotFound.class, LinstorApiException.of(rc(RetCodes.MASK_ERROR | 301, "x"),
                List.of(), 404));
        assertInstanceOf(LinstorApiException.Exists.class, LinstorApiException.of(rc(RetCodes.MASK_ERROR | 501, "x"),
                List.of(), 500));
        assertInstanceOf(LinstorApiException.InUse.class, LinstorApiException.of(rc(RetCodes.MASK_ERROR | 997, "x"),
                List.of(), 500));
        assertTrue(LinstorApiException.of(rc(RetCodes.MASK_ERROR | 997, "two\nlines"), List.of(), 500).getMessage()
                .equals("two lines"));
    }

    @Test
    void controllerListsParseLikePythonLinstor() {
        assertEquals(List.of(java.net.URI.create("http://a:3370"), java.net.URI.create("https://b:3371"),
                java.net.URI.create("https://c:443"), java.net.URI.create("http://d:8080"),
                java.net.URI.create("http://[::1]:3370")),
                ControllerList.parse("a, linstor+ssl://b ,https://c:443,d:8080,linstor://[::1]"));
        assertThrows(IllegalArgumentException.class, () -> ControllerList.parse(" , "));
        assertThrows(IllegalArgumentException.class, () -> ControllerList.parse("ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> ControllerList.parse("linstor://x/path"));
    }
}
