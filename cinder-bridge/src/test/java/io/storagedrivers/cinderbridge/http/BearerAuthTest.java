package io.storagedrivers.cinderbridge.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BearerAuthTest {
    private final BearerAuth auth = new BearerAuth("s3cret-token-0123456789");

    @Test
    void acceptsTheTokenOnly() {
        assertTrue(auth.accepts("Bearer s3cret-token-0123456789"));
        assertTrue(auth.accepts("bearer s3cret-token-0123456789"));
        assertFalse(auth.accepts("Bearer s3cret-token-012345678"));
        assertFalse(auth.accepts("Bearer s3cret-token-01234567890"));
        assertFalse(auth.accepts("Basic s3cret-token-0123456789"));
        assertFalse(auth.accepts("s3cret-token-0123456789"));
        assertFalse(auth.accepts("Bearer "));
        assertFalse(auth.accepts(""));
        assertFalse(auth.accepts(null));
    }
}
