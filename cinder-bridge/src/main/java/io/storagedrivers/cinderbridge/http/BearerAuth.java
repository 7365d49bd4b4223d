package io.storagedrivers.cinderbridge.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>}. Both sides are hashed before a constant-time
 * comparison, so neither the content nor the length of the token leaks through timing.
 */
public final class BearerAuth {
    private static final String PREFIX = "Bearer ";
    private final byte[] expected;

    public BearerAuth(String token) {
        this.expected = sha256(token);
    }

    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given = sha256(authorizationHeader.substring(PREFIX.length()).strip());
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
