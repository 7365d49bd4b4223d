package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class DsActionDataTest {

    @Test
    void decodesTheCpDocument() {
        DsActionData d = DsActionData.decode(Fixtures.base64(Fixtures.xml("ds-cp.xml")));
        OneImage img = d.requireImage();
        assertEquals(17, img.id());
        assertEquals("https://example.org/debian-12.qcow2", img.path());
        assertEquals("", img.source());
        assertEquals(2048, img.sizeMb());
        assertEquals(-1, img.cloningId());
        assertFalse(img.persistent());
        assertEquals("0f1e2d3c4b5a69788796a5b4c3d2e1f0", img.attr("MD5"));
        assertEquals(101, d.datastore().id());
        assertEquals("/var/lib/one//datastores/101", d.datastore().basePath());
        assertEquals("vg-san", d.datastore().attr("VG_NAME"));
        assertEquals(List.of("node1", "node2"), d.datastore().bridgeList());
    }

    @Test
    void decodesTheSystemMonitorDocumentWithExtras() {
        DsActionData d = DsActionData.decode(Fixtures.base64(Fixtures.xml("ds-monitor-system.xml")));
        assertTrue(d.image().isEmpty());
        assertEquals(OneDatastore.TYPE_SYSTEM, d.datastore().type());
        assertEquals("/var/lib/one//datastores", d.extra().get("DATASTORE_LOCATION"));
        assertEquals("1", d.extra().get("MONITOR_VM_DISKS"));
    }

    @Test
    void readsStdinOn68AndArgvBefore() {
        String b64 = Fixtures.base64(Fixtures.xml("ds-cp.xml"));
        DsActionData.Request now = DsActionData.read(List.of("17"),
                new ByteArrayInputStream(b64.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("17", now.id());
        assertEquals(17, now.data().requireImage().id());
        DsActionData.Request old = DsActionData.read(List.of(b64, "17"), new ByteArrayInputStream(new byte[0]));
        assertEquals("17", old.id());
        assertEquals(101, old.data().datastore().id());
    }

    @Test
    void refusesMalformedInputWithOneLine() {
        assertMessage("the DS action data is missing (expected base64 XML)", "");
        assertMessage("the DS action data is not valid base64", "!!!notbase64");
        assertMessage("the DS action data is not well-formed XML", Fixtures.base64("<DS_DRIVER_ACTION_DATA><IMAGE>"));
        assertMessage("the DS action data has no DATASTORE element", Fixtures.base64("<DS_DRIVER_ACTION_DATA/>"));
        assertMessage("the DS action data is not a DS_DRIVER_ACTION_DATA document",
                Fixtures.base64("<?xml version=\"1.0\"?><VM><IMAGE><ID>1</ID></IMAGE><DATASTORE><ID>1</ID></DATASTORE></VM>"));
        assertMessage("IMAGE/ID is not a number: '1; rm -rf /'", Fixtures.base64(
                "<DS_DRIVER_ACTION_DATA><IMAGE><ID>1; rm -rf /</ID></IMAGE><DATASTORE><ID>1</ID></DATASTORE></DS_DRIVER_ACTION_DATA>"));
        assertMessage("DATASTORE/ID is not a number", Fixtures.base64("<DS_DRIVER_ACTION_DATA><DATASTORE><ID>99999999999</ID></DATASTORE></DS_DRIVER_ACTION_DATA>"));
        assertMessage("IMAGE/PATH appears more than once", Fixtures.base64(
                "<DS_DRIVER_ACTION_DATA><IMAGE><ID>1</ID><PATH>/a</PATH><PATH>/b</PATH></IMAGE><DATASTORE><ID>1</ID></DATASTORE></DS_DRIVER_ACTION_DATA>"));
    }

    @Test
    void refusesEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE D [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<DS_DRIVER_ACTION_DATA><DATASTORE><ID>1</ID><NAME>&e;</NAME></DATASTORE></DS_DRIVER_ACTION_DATA>";
        assertMessage("the DS action data has a DTD or entity declaration", Fixtures.base64(xxe));
        assertMessage("the DS action data is not well-formed XML",
                Fixtures.base64("<DS_DRIVER_ACTION_DATA><DATASTORE><ID>1</ID><NAME>&e;</NAME></DATASTORE></DS_DRIVER_ACTION_DATA>"));
        assertEquals("a&b<c", DsActionData.decode(Fixtures.base64(
                "<DS_DRIVER_ACTION_DATA><DATASTORE><ID>1</ID><NAME>a&amp;b&lt;c</NAME></DATASTORE></DS_DRIVER_ACTION_DATA>")).datastore().name());
    }

    @Test
    void refusesWrongArgumentCounts() {
        OneException e = assertThrows(OneException.class,
                () -> DsActionData.read(List.of(), new ByteArrayInputStream(new byte[0])));
        assertTrue(e.getMessage().startsWith("expected the object id"));
    }

    private static void assertMessage(String expectedStart, String input) {
        OneException e = assertThrows(OneException.class, () -> DsActionData.decode(input));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
