package io.storagedrivers.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LockNamesTest {

    @Test
    void plainKeysStayReadable() {
        assertEquals("vg-one-100.lock", LockNames.fileName("vg-one-100"));
        assertEquals("tm_shared.lvm.lock", LockNames.fileName("tm_shared.lvm"));
    }

    @Test
    void hostileKeysCannotEscapeOrCollide() {
        List<String> keys = List.of("../etc/passwd", "..", ".", "/abs", "a/b", "a%2Fb", "a b", "nul\0x", "new\nline",
                "ünï", "-rf", ".hidden", "a:b", "a_b", "a-b", "A", "a");
        Set<String> names = new HashSet<>();
        for (String k : keys) {
            String n = LockNames.fileName(k);
            assertTrue(n.matches("[A-Za-z0-9_%~-][A-Za-z0-9_.%~-]*\\.lock"), n);
            assertFalse(n.contains("/"), n);
            assertTrue(names.add(n), "collision on " + n);
        }
        assertEquals("%2E..lock", LockNames.fileName(".."));
    }

    @Test
    void longKeysAreBoundedAndDistinct() {
        String a = "x".repeat(1000) + "a";
        String b = "x".repeat(1000) + "b";
        assertTrue(LockNames.fileName(a).length() <= 205);
        assertNotEquals(LockNames.fileName(a), LockNames.fileName(b));
    }

    @Test
    void emptyKeyRefused() {
        assertThrows(IllegalArgumentException.class, () -> LockNames.fileName(""));
    }
}
