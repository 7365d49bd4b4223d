package io.storagedrivers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.storagedrivers.spi.BackendException;

class ValidateTest {

    /** Strings that must never pass as an id, a name or a host. */
    static final List<String> HOSTILE = List.of("", " ", "-1", "1 ", " 1", "1\n", "1\0",
            "$(id)", "`id`", "a;b", "a b", "'", "\"", "..", ".", "../x", "a/b", "\n", "\0", "-rf", "--help",
            "x\ny", "١٢٣", "１２", "ünï", "a\tb", "a|b", "a&b", "a>b", "*", "?", "~root", "a\\b", "\u202e");

    @Test
    void idsAccepted() {
        assertEquals(0, Validate.vmId("0"));
        assertEquals(42, Validate.diskId("42"));
        assertEquals(Integer.MAX_VALUE, Validate.datastoreId("2147483647"));
        assertEquals(7, Validate.imageId("7"));
    }

    @Test
    void idsRefused() {
        for (String bad : HOSTILE) {
            assertRefused(Validate::vmId, bad);
        }
        for (String bad : List.of("2147483648", "99999999999", "007", "00", "1.0", "1,0", "+1", "0x10", "1e3")) {
            assertRefused(Validate::vmId, bad);
        }
        assertRefused(Validate::vmId, null);
    }

    @Test
    void idMessageNamesFieldAndValue() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Validate.vmId("12a"));
        assertEquals("invalid VM id \"12a\": must be a non-negative decimal number (at most 10 digits)", e.getMessage());
        assertEquals(BackendException.Kind.INVALID, e.kind());
        e = assertThrows(InvalidInputException.class, () -> Validate.diskId("1\n; rm -rf /"));
        assertEquals("invalid disk id \"1\\n; rm -rf /\": must be a non-negative decimal number (at most 10 digits)",
                e.getMessage());
        assertEquals("invalid image id \"007\": must not have leading zeros",
                assertThrows(InvalidInputException.class, () -> Validate.imageId("007")).getMessage());
        assertEquals("invalid datastore id (missing): must not be empty",
                assertThrows(InvalidInputException.class, () -> Validate.datastoreId(null)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vg-one-100", "a", "A+b_c.d-e", "lv-one-12-0", "img-one-7", "x.y", "_x", "+x"})
    void lvmNamesAccepted(String name) {
        assertEquals(name, Validate.vgName(name));
        assertEquals(name, Validate.lvName(name));
    }

    @Test
    void lvmNamesRefused() {
        for (String bad : HOSTILE) {
            assertRefused(Validate::vgName, bad);
            assertRefused(Validate::lvName, bad);
        }
        assertRefused(Validate::vgName, "x".repeat(128));
        assertEquals(127, Validate.vgName("x".repeat(127)).length());
        for (String bad : List.of("snapshot", "snapshot1", "pvmove0", "a_mlog", "x_rimage_0", "y_tdata", "z_tmeta",
                "w_cdata", "v_cmeta", "u_corig", "t_mimage_1", "s_pmspare", "r_rmeta_2", "q_vorigin", "p_iorig",
                "o_vdata", "n_cpool", "m_cvol", "l_wcorig", "k_vdo")) {
            assertRefused(Validate::lvName, bad);
        }
        // reserved LV words are fine for a VG
        assertEquals("snapshot", Validate.vgName("snapshot"));
        assertEquals("invalid LV name \"pvmove0\": must not start with \"pvmove\" (reserved by LVM)",
                assertThrows(InvalidInputException.class, () -> Validate.lvName("pvmove0")).getMessage());
        assertEquals("invalid VG name \"-vg\": must not start with '-'",
                assertThrows(InvalidInputException.class, () -> Validate.vgName("-vg")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"host1", "node-1.example.com", "10.231.1.11", "a", "fqdn.example.", "h_1", "::1",
            "fe80::1", "2001:db8::10"})
    void hostsAccepted(String host) {
        assertEquals(host, Validate.hostName(host));
    }

    @Test
    void hostsRefused() {
        for (String bad : HOSTILE) {
            assertRefused(Validate::hostName, bad);
        }
        for (String bad : List.of("-oProxyCommand=x", "a..b", ".a", "a-.b", "-a", "a-", "x".repeat(64),
                "a.".repeat(127) + "a", "user@host", "host:22", "[::1]", "fe80::1%eth0")) {
            assertRefused(Validate::hostName, bad);
        }
    }

    @Test
    void pathsNormalised() {
        assertEquals("/var/lib/one/datastores/0/5/disk.0",
                Validate.absolutePath("path", "/var/lib/one//datastores/0/5/disk.0"));
        assertEquals("/a/b", Validate.absolutePath("path", "//a/./b/"));
        assertEquals("/", Validate.absolutePath("path", "///"));
        assertEquals("/a b/ü/$(x)", Validate.absolutePath("path", "/a b/ü/$(x)"));
    }

    @Test
    void pathsRefused() {
        for (String bad : List.of("", "relative/x", "./x", "/a/../b", "/..", "/a/..", "/a\0b", "/a\nb", "/a\rb",
                "/a\u007fb", "~/x", "/" + "x".repeat(5000))) {
            assertThrows(InvalidInputException.class, () -> Validate.absolutePath("path", bad), bad);
        }
        assertThrows(InvalidInputException.class, () -> Validate.absolutePath("path", null));
        assertEquals("invalid source path \"/a/../b\": must not contain '..'",
                assertThrows(InvalidInputException.class, () -> Validate.absolutePath("source path", "/a/../b"))
                        .getMessage());
    }

    @Test
    void pathsUnderBase() {
        String base = "/var/lib/one//datastores/";
        assertEquals("/var/lib/one/datastores/0/5", Validate.pathUnder("path", base, "/var/lib/one/datastores/0/5/"));
        for (String bad : List.of("/var/lib/one/datastores", "/var/lib/one/datastores/", "/var/lib/one/datastoresX/1",
                "/etc/passwd", "/var/lib/one/datastores/../../etc", "/var/lib/one")) {
            assertThrows(InvalidInputException.class, () -> Validate.pathUnder("path", base, bad), bad);
        }
        assertEquals("/x", Validate.pathUnder("path", "/", "/x"));
    }

    @Test
    void shownValuesStayOnOneLine() {
        assertEquals("\"a\\nb\\u0000\\u00fc\\\"\"", Validate.show("a\nb\0ü\""));
        String shown = Validate.show("y".repeat(500));
        assertTrue(shown.endsWith("... (500 chars)"), shown);
        for (String bad : HOSTILE) {
            try {
                Validate.lvName(bad);
            } catch (InvalidInputException e) {
                assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\0"), e.getMessage());
            }
        }
    }

    private static void assertRefused(Function<String, ?> check, String value) {
        assertThrows(InvalidInputException.class, () -> check.apply(value), () -> "accepted " + Validate.show(value));
    }
}
