package io.storagedrivers.cinderbridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
    @TempDir
    Path dir;

    private Path token(String content, String mode) throws IOException {
        Path f = dir.resolve("token");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void ownerAndGroupReadableIsAccepted() throws IOException {
        assertEquals("abcdefghijklmnopqrstuvwxyz", SecretFile.readToken(token("abcdefghijklmnopqrstuvwxyz\n", "rw-------")));
        assertEquals("abcdefghijklmnopqrstuvwxyz", SecretFile.readToken(token("abcdefghijklmnopqrstuvwxyz", "rw-r-----")));
    }

    @Test
    void worldReadableOrGroupWritableIsRefused() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SecretFile.readToken(token("abcdefghijklmnopqrstuvwxyz", "rw-r--r--")));
        assertTrue(e.getMessage().contains("0640"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> SecretFile.readToken(token("abcdefghijklmnopqrstuvwxyz", "rw-rw----")));
        assertThrows(IllegalStateException.class, () -> SecretFile.readToken(token("abcdefghijklmnopqrstuvwxyz", "rw-----w-")));
    }

    @Test
    void shortOrSpacedTokensAndSymlinksAreRefused() throws IOException {
        assertThrows(IllegalStateException.class, () -> SecretFile.readToken(token("short", "rw-------")));
        assertThrows(IllegalStateException.class, () -> SecretFile.readToken(token("abcdefgh ijklmnopqrstuvwxyz", "rw-------")));
        Path real = token("abcdefghijklmnopqrstuvwxyz", "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThrows(IllegalStateException.class, () -> SecretFile.readToken(link));
        assertThrows(IllegalStateException.class, () -> SecretFile.readToken(dir.resolve("missing")));
    }
}
