package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HostPathTest {

    @Test
    void normalisesDoubleSlashesAndTrailingSlashes() {
        HostPath p = HostPath.parse("host1:/var/lib/one//datastores/100/42/disk.0/");
        assertEquals("host1", p.host());
        assertEquals("/var/lib/one/datastores/100/42/disk.0", p.path());
        assertEquals(0, p.diskId());
        assertEquals("/var/lib/one/datastores/100/42", p.parent());
        assertEquals("42", HostPath.parse("fe.example.org:/var/lib/one//datastores/100/42").name());
        assertEquals(-1, HostPath.parse("h:/a/42").diskId());
        assertEquals(12, HostPath.parse("h:/a/./42/disk.12").diskId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host1", ":/a", "host1:", "host1:relative/path", "-oProxyCommand=x:/a",
            "host1:/a/../../etc/passwd", "host1:/a/$(reboot)", "host1:/a/`id`", "host1:/a;rm -rf /",
            "host1:/a b", "host1:/a\nb", "ho st:/a", "host..x:/a", "h'q:/a", "host1:/a/disk.0|x"})
    void refusesHostileArguments(String arg) {
        assertThrows(OneException.class, () -> HostPath.parse(arg));
    }

    @Test
    void diskIdNeedsADiskPath() {
        OneException e = assertThrows(OneException.class, () -> HostPath.parse("h:/a/disk.x").requireDiskId());
        assertEquals("expected a .../disk.N path, got '/a/disk.x'", e.getMessage());
        assertEquals(-1, HostPath.parse("h:/a/disk.01").diskId());
    }
}
