package io.storagedrivers.cinderbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cli.DriverMain;

/** One LVM metadata writer per plain VG: an lvm:// backend is served only on its metadata host. */
class MetadataHostTest {
    static final java.util.function.Predicate<BridgeConfig.BackendEntry> PLAIN = e -> false;
    static final MetadataHost.Machine FE = new MetadataHost.Machine(
            new java.util.LinkedHashSet<>(java.util.List.of("fe1.example.org", "fe1")),
            Set.of(InetAddress.getLoopbackAddress(), addr("10.1.2.3")));

    @TempDir
    Path dir;

    static InetAddress addr(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thisMachineByNameShortNameOrAddress() {
        for (String name : new String[] {"fe1", "FE1", "fe1.example.org", "10.1.2.3"}) {
            assertNull(MetadataHost.check("lvm1", name, FE), name);
        }
    }

    @Test
    void anotherMachineIsRefusedInOneLine() {
        String why = MetadataHost.check("lvm1", "frontend2", FE);
        assertTrue(why.startsWith("backend lvm1: this machine (fe1.example.org, fe1) is not \"frontend2\""), why);
        assertTrue(why.contains("second LVM metadata writer"), why);
        assertFalse(why.contains("\n"));
        assertTrue(MetadataHost.check("lvm1", "10.9.9.9", FE).contains("is not \"10.9.9.9\""));
        assertTrue(MetadataHost.check("lvm1", "fe1.other.org", FE).contains("is not"));
    }

    @Test
    void missingOrLoopbackMetadataHostIsRefused() {
        assertTrue(MetadataHost.check("lvm1", null, FE).contains("needs backend.lvm1.metadata_host"));
        assertTrue(MetadataHost.check("lvm1", " ", FE).contains("needs backend.lvm1.metadata_host"));
        for (String lo : new String[] {"localhost", "127.0.0.1", "::1"}) {
            assertTrue(MetadataHost.check("lvm1", lo, FE).contains("must name a machine"), lo);
        }
    }

    @Test
    void onlyLvmBackendsAreChecked() {
        BridgeConfig c = BridgeConfig.parse(Map.of("token_file", "t", "backend.ls.uri", "linstor://ctl:3370",
                "backend.sim.uri", "sim:///tmp/s.json"), dir);
        assertNull(c.refusalHere(FE, PLAIN));
        BridgeConfig lvm = BridgeConfig.parse(Map.of("token_file", "t", "backend.ls.uri", "linstor://ctl:3370",
                "backend.v.uri", "lvm://vg0", "backend.v.metadata_host", "fe2"), dir);
        assertTrue(lvm.refusalHere(FE, PLAIN).startsWith("backend v: this machine"), lvm.refusalHere(FE, PLAIN));
        BridgeConfig here = BridgeConfig.parse(Map.of("token_file", "t", "backend.v.uri", "lvm://vg0",
                "backend.v.metadata_host", "fe1"), dir);
        assertNull(here.refusalHere(FE, PLAIN));
        // a shared (lvmlockd) VG: any machine writes it under LVM's VG lock, metadata_host or not
        assertNull(lvm.refusalHere(FE, entry -> true));
        BridgeConfig noHost = BridgeConfig.parse(Map.of("token_file", "t", "backend.v.uri", "lvm://vg0"), dir);
        assertNull(noHost.refusalHere(FE, entry -> true));
        assertTrue(noHost.refusalHere(FE, PLAIN).contains("needs backend.v.metadata_host"), noHost.refusalHere(FE, PLAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(
                Map.of("token_file", "t", "backend.ls.uri", "linstor://ctl", "backend.ls.metadata_host", "x"), dir));
        assertTrue(e.getMessage().contains("lvm:// backends only"), e.getMessage());
    }

    @Test
    void serveRefusesASecondWriterWithOneLineAndExit1() throws Exception {
        Path conf = dir.resolve("bridge.conf");
        Files.writeString(conf, "token_file = token\nbackend.v.uri = lvm://vg0\n"
                + "backend.v.metadata_host = surely-not-this-machine.invalid\n");
        Files.writeString(dir.resolve("token"), "0123456789abcdef0123456789abcdef");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int rc;
        System.setErr(new PrintStream(err, true));
        try {
            rc = DriverMain.run(new CinderBridgeMain(), "serve", "--config", conf.toString());
        } finally {
            System.setErr(old);
        }
        String lines = err.toString();
        assertEquals(1, rc);
        assertEquals(1, lines.lines().count(), lines);
        assertTrue(lines.startsWith("backend v: this machine ("), lines);
        assertTrue(lines.contains("second LVM metadata writer"), lines);
    }

    @Test
    void doctorReportsTheMetadataHost() {
        Path conf = dir.resolve("bridge.conf");
        try {
            Files.writeString(conf, "token_file = token\nbackend.v.uri = lvm://vg0\n"
                    + "backend.v.metadata_host = surely-not-this-machine.invalid\n");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        var lines = new java.util.ArrayList<String>();
        BridgeDoctorCommand d = new BridgeDoctorCommand();
        d.config = conf;
        assertFalse(d.extraChecks(c -> lines.add(c.line())));
        assertTrue(lines.get(0).startsWith("ok   bridge config "), lines.toString());
        assertTrue(lines.get(1).startsWith("FAIL backend v: this machine ("), lines.toString());
        assertEquals(2, lines.size());
    }
}
