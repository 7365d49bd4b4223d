package io.storagedrivers.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a lock key into a safe file name: {@code [A-Za-z0-9_-]} and inner dots are kept, every other
 * byte (UTF-8) becomes {@code %XX}, so distinct keys never share a file and no key can escape the
 * lock directory ({@code /}, {@code ..}, NUL are all encoded). Very long keys are cut and suffixed
 * with a hash of the whole key.
 */
final class LockNames {
    private static final int MAX_STEM = 200;

    private LockNames() {
    }

    static String fileName(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty lock key");
        }
        StringBuilder sb = new StringBuilder();
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '_' || b == '-' || (b == '.' && i > 0);
            if (plain) {
                sb.append((char) b);
            } else {
                sb.append('%').append(String.format("%02X", b));
            }
        }
        if (sb.length() > MAX_STEM) {
            sb.setLength(MAX_STEM - 17);
            sb.append('~').append(sha256(key), 0, 16);
        }
        return sb.append(".lock").toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
