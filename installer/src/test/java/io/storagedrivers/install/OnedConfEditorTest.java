package io.storagedrivers.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** oned.conf registration on a fixture shaped like OpenNebula 7's shipped file. */
class OnedConfEditorTest {

    /**
     * Two registrations shaped like the drivers' (their real values are the drivers' own, tested
     * there): the editor only writes what a registration says.
     */
    static final DriverRegistration SHARED_LVM = new DriverRegistration("shared_lvm", DriverRegistration.ALL_LISTS,
            DriverRegistration.ordered("LN_TARGET", "NONE", "CLONE_TARGET", "SYSTEM", "SHARED", "YES",
                    "DRIVER", "raw", "DISK_TYPE", "BLOCK"),
            DriverRegistration.ordered("REQUIRED_ATTRS", ""), List.of());
    static final DriverRegistration LINSTOR = new DriverRegistration("linstor", DriverRegistration.ALL_LISTS,
            DriverRegistration.ordered("LN_TARGET", "NONE", "CLONE_TARGET", "SELF", "TM_MAD_SYSTEM", "ssh,shared",
                    "CLONE_TARGET_SSH", "SELF"),
            DriverRegistration.ordered("REQUIRED_ATTRS", "BRIDGE_LIST"), List.of("LINSTOR_PASSWORD"));
    private static final List<DriverRegistration> BOTH = List.of(SHARED_LVM, LINSTOR);

    static String fixture() throws IOException {
        try (InputStream in = OnedConfEditorTest.class.getResourceAsStream("oned.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String arguments(String text, String mad) {
        return OnedConf.parse(text).vector(mad).orElseThrow().get("ARGUMENTS").orElseThrow().text();
    }

    private static Map<String, String> stanza(String text, String attribute, String name) {
        OnedConf.Attribute a = OnedConf.parse(text).all(attribute).stream()
                .filter(x -> x.get("NAME").orElseThrow().text().equals(name)).findFirst().orElseThrow();
        return a.pairs().stream().collect(Collectors.toMap(p -> p.key(), p -> p.value().text()));
    }

    @Test
    void fixtureParses() throws IOException {
        OnedConf conf = OnedConf.parse(fixture());
        assertEquals(8, conf.all("TM_MAD_CONF").size());
        assertEquals(6, conf.all("DS_MAD_CONF").size());
        assertEquals("USER_INPUTS/#weird, ]value[ = \\\"quoted\\\"",
                conf.all("VM_RESTRICTED_ATTR").get(3).scalar().text());
    }

    @Test
    void registerAppendsNamesAndStanzas() throws IOException {
        OnedConfEditor.Result r = OnedConfEditor.register(fixture(), BOTH);
        String out = r.text();
        assertTrue(arguments(out, "TM_MAD").endsWith("-d dummy,lvm,shared,fs_lvm,fs_lvm_ssh,qcow2,ssh,local,ceph,dev,"
                + "iscsi_libvirt,shared_lvm,linstor"), arguments(out, "TM_MAD"));
        assertEquals("-t 15 -d dummy,fs,lvm,ceph,dev,iscsi_libvirt,restic,rsync,shared_lvm,linstor"
                + " -s shared,ssh,ceph,fs_lvm,fs_lvm_ssh,qcow2,shared_lvm,linstor", arguments(out, "DATASTORE_MAD"));
        Map<String, String> tm = stanza(out, "TM_MAD_CONF", "shared_lvm");
        assertEquals("NONE", tm.get("LN_TARGET"));
        assertEquals("SYSTEM", tm.get("CLONE_TARGET"));
        assertEquals("YES", tm.get("SHARED"));
        assertEquals("BLOCK", tm.get("DISK_TYPE"));
        assertEquals("raw", tm.get("DRIVER"));
        assertEquals("SELF", stanza(out, "TM_MAD_CONF", "linstor").get("CLONE_TARGET"));
        assertEquals("ssh,shared", stanza(out, "TM_MAD_CONF", "linstor").get("TM_MAD_SYSTEM"));
        assertTrue(out.contains("DATASTORE_ENCRYPTED_ATTR = \"LINSTOR_PASSWORD\"\n"));
        assertEquals("SELF", stanza(out, "TM_MAD_CONF", "linstor").get("CLONE_TARGET_SSH"));
        assertEquals("BRIDGE_LIST", stanza(out, "DS_MAD_CONF", "linstor").get("REQUIRED_ATTRS"));
        assertEquals("", stanza(out, "DS_MAD_CONF", "shared_lvm").get("REQUIRED_ATTRS"));
        assertEquals(10, r.changes().size(), r.changes().toString());
        // our stanzas sit right after the last existing ones, in their sections
        assertTrue(out.indexOf("NAME = \"shared_lvm\"") > out.indexOf("NAME = \"dev\", LN_TARGET"));
        assertTrue(out.indexOf("NAME = \"shared_lvm\"") < out.indexOf("Datastore Manager Driver Behavior"));
        assertTrue(out.lastIndexOf("NAME = \"linstor\"") < out.indexOf("Marketplace Driver Behavior"));
        // the commented-out example stays as it was
        assertTrue(out.contains("#TM_MAD_CONF = [\n#    NAME = \"linstor\", LN_TARGET = \"NONE\""));
    }

    @Test
    void registerTwiceChangesNothing() throws IOException {
        String once = OnedConfEditor.register(fixture(), BOTH).text();
        OnedConfEditor.Result twice = OnedConfEditor.register(once, BOTH);
        assertEquals(once, twice.text());
        assertFalse(twice.changed());
    }

    @Test
    void unregisterRestoresTheOriginalBytes() throws IOException {
        String original = fixture();
        String registered = OnedConfEditor.register(original, BOTH).text();
        assertEquals(original, OnedConfEditor.unregister(registered).text());
        assertFalse(OnedConfEditor.unregister(original).changed());
    }

    @Test
    void driversAddedOneAtATimeAlsoComeOffCleanly() throws IOException {
        String original = fixture();
        String one = OnedConfEditor.register(original, List.of(SHARED_LVM)).text();
        String both = OnedConfEditor.register(one, BOTH).text();
        assertEquals(OnedConfEditor.register(original, BOTH).text(), both);
        assertEquals(original, OnedConfEditor.unregister(both).text());
    }

    @Test
    void fileWithoutStanzasOrFinalNewline() {
        String original = "# minimal\nTM_MAD = [ EXECUTABLE = \"one_tm\", ARGUMENTS = \"-t 15 -d dummy\" ]\n"
                + "DATASTORE_MAD = [\n  EXECUTABLE = \"one_datastore\",\n  ARGUMENTS = \"-t 15 -d fs -s ssh -w 60\" ]";
        String registered = OnedConfEditor.register(original, BOTH).text();
        assertTrue(registered.contains("-d fs,shared_lvm,linstor -s ssh,shared_lvm,linstor -w 60"), registered);
        assertEquals(2, OnedConf.parse(registered).all("TM_MAD_CONF").size());
        assertEquals(registered, OnedConfEditor.register(registered, BOTH).text());
        assertEquals(original, OnedConfEditor.unregister(registered).text());
    }

    @Test
    void nameAlreadyInAListIsLeftThereOnUninstall() throws IOException {
        String original = fixture().replace("-d dummy,lvm,shared,", "-d dummy,linstor,lvm,shared,");
        String registered = OnedConfEditor.register(original, BOTH).text();
        assertTrue(arguments(registered, "TM_MAD").endsWith(",shared_lvm"), arguments(registered, "TM_MAD"));
        assertEquals(original, OnedConfEditor.unregister(registered).text());
    }

    @Test
    void foreignStanzaForOurNameIsRefused() throws IOException {
        String withAddon = fixture() + "\nTM_MAD_CONF = [ NAME = \"linstor\", LN_TARGET = \"NONE\" ]\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnedConfEditor.register(withAddon, BOTH));
        assertTrue(e.getMessage().contains("TM_MAD_CONF for 'linstor'"), e.getMessage());
        // shared_lvm alone is fine next to it
        String r = OnedConfEditor.register(withAddon, List.of(SHARED_LVM)).text();
        assertEquals(withAddon, OnedConfEditor.unregister(r).text());
    }

    @Test
    void missingListsAreClearErrors() {
        String noS = "TM_MAD = [ ARGUMENTS = \"-t 15 -d dummy\" ]\nDATASTORE_MAD = [ ARGUMENTS = \"-t 15 -d fs\" ]\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnedConfEditor.register(noS, BOTH));
        assertEquals("oned.conf: DATASTORE_MAD ARGUMENTS has no -s list", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnedConfEditor.register("PORT = 2633\n", BOTH));
        assertEquals("oned.conf has no TM_MAD = [ ..., ARGUMENTS = \"...\" ]", e.getMessage());
    }

    @Test
    void malformedFilesNameTheLine() {
        OnedConfParser.ParseException e = assertThrows(OnedConfParser.ParseException.class,
                () -> OnedConf.parse("PORT = 2633\nTM_MAD = [\n  EXECUTABLE = \"one_tm\"\n  ARGUMENTS = \"x\"\n]\n"));
        assertEquals("oned.conf line 4: expected ',' or ']' in TM_MAD, found 'ARGUMENTS'", e.getMessage());
        e = assertThrows(OnedConfParser.ParseException.class, () -> OnedConf.parse("A = \"open\nB = 1\n"));
        assertEquals("oned.conf line 1: unterminated string", e.getMessage());
        e = assertThrows(OnedConfParser.ParseException.class, () -> OnedConf.parse("A = [ B = 1,\n"));
        assertEquals("oned.conf line 2: expected a key or ']' in A, found end of file", e.getMessage());
    }

    @Test
    void unterminatedMarkerIsRefused() throws IOException {
        String registered = OnedConfEditor.register(fixture(), BOTH).text();
        String broken = registered.replace("# <<< storage-drivers DS_MAD_CONF linstor\n", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnedConfEditor.unregister(broken));
        assertTrue(e.getMessage().contains("has no matching '# <<< storage-drivers DS_MAD_CONF linstor'"),
                e.getMessage());
    }
}
