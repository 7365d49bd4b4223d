package io.storagedrivers.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void blankIsUnsetAndValuesAreStripped() {
        Map<String, String> s = Map.of("A", "  ", "B", " x ");
        assertEquals("d", Settings.get(s, "A", "d"));
        assertEquals("x", Settings.get(s, "B", "d"));
        assertEquals("d", Settings.get(s, "C", "d"));
        assertEquals("y", Settings.firstNonBlank(null, " ", "y", "z"));
        assertNull(Settings.firstNonBlank(null, ""));
    }

    @Test
    void yesNoAndSecondsNameTheSettingWhenBad() {
        assertTrue(Settings.yesNo(Map.of(), "Z", true));
        assertFalse(Settings.yesNo(Map.of("Z", "FALSE"), "Z", true));
        BackendException e = assertThrows(BackendException.class, () -> Settings.yesNo(Map.of("Z", "maybe"), "Z", true));
        assertEquals("invalid Z 'maybe': use yes or no", e.getMessage());
        assertEquals(120, Settings.seconds(Map.of(), "T", 120, 600));
        assertEquals(600, Settings.seconds(Map.of("T", "600"), "T", 120, 600));
        for (String bad : new String[] {"0", "601", "-1", "1.5", "ten"}) {
            e = assertThrows(BackendException.class, () -> Settings.seconds(Map.of("T", bad), "T", 120, 600));
            assertEquals("invalid T '" + bad + "': seconds between 1 and 600", e.getMessage());
            assertEquals(BackendException.Kind.INVALID, e.kind());
        }
    }
}
