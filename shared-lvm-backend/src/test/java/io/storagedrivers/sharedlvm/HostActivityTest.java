package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static io.storagedrivers.sharedlvm.Lvm.lv;
import static io.storagedrivers.sharedlvm.Lvm.lvs;
import static io.storagedrivers.sharedlvm.Lvm.lvsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where LVs are active: every known host asked with one lvs; unknown is never "inactive". */
class HostActivityTest {
    static final long MIB = 1024L * 1024;
    static final String VG = "vg-one-100";
    static final VolumeRef DISK = new VolumeRef(VG, "lv-one-7-0");
    static final String ACTIVE = "-wi-a-----";

    final FakeRunners runners = new FakeRunners();
    final Host fe = runners.frontend;
    final Host host1 = runners.host("host1", true);
    final Host host2 = runners.host("host2", true);

    SharedLvmBackend backend(Map<String, String> settings) {
        return new SharedLvmBackend(VG, SharedLvmSettings.from(settings), runners, runners.locks(), () -> false, 4 * MIB);
    }

    SharedLvmBackend withHosts() {
        return backend(Map.of("HOSTS", "host1 host2"));
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runners.verifyAllCalled();
    }

    @Test
    void listAsksEveryHostOnceAndMarksTheOnesThatDidNotAnswer() {
        fe.expect(lvs(VG), lvsJson(VG, lv("img-one-5", 4 * MIB), lv(DISK.name(), 8 * MIB)));
        host1.expect(lvs(VG), lvsJson(VG, lv("img-one-5", 4 * MIB, ACTIVE, ""), lv(DISK.name(), 8 * MIB, ACTIVE, "")));
        host2.unreachable(lvs(VG));
        fe.expect(vgTags(), tagsJson(""));
        List<VolumeInfo> all = withHosts().list(VG);
        assertEquals(Set.of("host1"), all.get(1).activeOn());
        assertEquals(Set.of("host2"), all.get(1).activationUnknownOn());
        assertTrue(all.get(1).properties().get(VolumeInfo.ACTIVATION_ERROR + "host2").contains("connection refused"),
                all.get(1).properties().toString());
        assertEquals(4, runners.journal.size(), runners.journal.toString());
    }

    @Test
    void hostsComeFromTheSshConfigWhenHostsIsNotSet() {
        runners.known.add("host2");
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        host2.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, ACTIVE, "")));
        SharedLvmBackend b = backend(Map.of());
        assertEquals(List.of("host2"), b.knownHosts());
        VolumeInfo v = b.list(VG).get(0);
        assertEquals(Set.of("host2"), v.activeOn());
        assertTrue(v.activationUnknownOn().isEmpty());
    }

    @Test
    void withoutAnyHostActivationIsUnknownEverywhere() {
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        VolumeInfo v = backend(Map.of()).list(VG).get(0);
        assertEquals(Set.of("*"), v.activationUnknownOn());
        assertTrue(v.properties().get(VolumeInfo.ACTIVATION_ERROR + "*").startsWith("no hosts known (set HOSTS"));
    }

    @Test
    void attachedOnAsksOnlyThatHost() {
        host2.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, ACTIVE, "")));
        assertTrue(withHosts().attachedOn(DISK, "host2"));
        assertEquals(1, runners.journal.size());
    }

    @Test
    void deleteIfUnusedRefusesAnLvActiveOnAHost() {
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        host2.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, ACTIVE, "")));
        BackendException e = assertThrows(BackendException.class, () -> withHosts().deleteIfUnused(DISK, false));
        assertEquals(Kind.BUSY, e.kind());
        assertEquals("volume vg-one-100/lv-one-7-0 is active on host2: deactivate it there first", e.getMessage());
        assertNoLvremove();
    }

    @Test
    void deleteIfUnusedRefusesWhenAHostCannotBeAsked() {
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        host2.expect(lvs(VG), 5, "", Lvm.VG_MISSING.formatted(VG, VG)); // lost its path to the LUN
        fe.expect(vgTags(), tagsJson("sd.released.host9"));
        BackendException e = assertThrows(BackendException.class, () -> withHosts().deleteIfUnused(DISK, false));
        assertEquals(Kind.BACKEND_ERROR, e.kind());
        assertTrue(e.getMessage().startsWith("cannot tell whether vg-one-100/lv-one-7-0 is active on host2 (host2: "),
                e.getMessage());
        assertNoLvremove();
    }

    static List<String> vgTags() {
        return CMD.reports().vgTags(VG).argv();
    }

    static String tagsJson(String tags) {
        return "{\"report\":[{\"vg\":[{\"vg_name\":\"" + VG + "\",\"vg_tags\":\"" + tags + "\"}]}]}";
    }

    /** storage host-release (issue 15): a released host that does not answer holds nothing. */
    @Test
    void aReleasedHostThatDoesNotAnswerNeitherBlocksADeleteNorADetach() {
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        host2.unreachable(lvs(VG));
        fe.expect(vgTags(), tagsJson("other,sd.released.host2"));
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB))); // the delete, under the lock
        fe.expect(CMD.lvremove(VG, DISK.name()).argv(), "");
        SharedLvmBackend b = withHosts();
        b.deleteIfUnused(DISK, false);
        host2.unreachable(CMD.deactivate(VG, DISK.name()).argv());
        fe.expect(vgTags(), tagsJson("sd.released.host2"));
        b.detach(DISK, "host2");
    }

    @Test
    void aHostIsReleasedOnlyWhenItDoesNotAnswer() {
        host1.expect(List.of("true"), "");
        BackendException e = assertThrows(BackendException.class, () -> withHosts().releaseHost(VG, "host1"));
        assertEquals(Kind.BUSY, e.kind());
        assertTrue(e.getMessage().startsWith("host host1 answers over SSH"), e.getMessage());

        host2.unreachable(List.of("true"));
        fe.expect(vgTags(), tagsJson(""));
        fe.expect(CMD.changeVgTag(VG, "sd.released.host2", true).argv(), "");
        withHosts().releaseHost(VG, "host2");

        fe.expect(vgTags(), tagsJson("sd.released.host2"));
        assertEquals(Set.of("host2"), withHosts().releasedHosts(VG));
        fe.expect(vgTags(), tagsJson("sd.released.host2"));
        fe.expect(CMD.changeVgTag(VG, "sd.released.host2", false).argv(), "");
        withHosts().rejoinHost(VG, "host2");
        assertThrows(RuntimeException.class, () -> withHosts().releaseHost(VG, "host;2"));
    }

    @Test
    void anUnreleasedHostThatDoesNotAnswerFailsADetach() {
        host2.unreachable(CMD.deactivate(VG, DISK.name()).argv());
        fe.expect(vgTags(), tagsJson("sd.released.host1"));
        assertThrows(RuntimeException.class, () -> withHosts().detach(DISK, "host2"));
    }

    @Test
    void deleteIfUnusedRefusesWithoutAnyHostToAsk() {
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        BackendException e = assertThrows(BackendException.class, () -> backend(Map.of()).deleteIfUnused(DISK, false));
        assertEquals(Kind.BACKEND_ERROR, e.kind());
        assertTrue(e.getMessage().contains("no hosts known (set HOSTS"), e.getMessage());
    }

    @Test
    void deleteIfUnusedRemovesWhenEveryHostSaysInactive() {
        // the check's lvs, then (no zeroing) the delete's one lvs under the lock
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)))
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)))
                .expect(CMD.lvremove(VG, DISK.name()).argv(), "");
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        host2.expect(lvs(VG), lvsJson(VG));
        withHosts().deleteIfUnused(DISK, false); // the expected lvremove ran (checked after each test)
    }

    @Test
    void deleteIfUnusedOfAnAbsentVolumeAsksNobody() {
        fe.expect(lvs(VG), lvsJson(VG));
        withHosts().deleteIfUnused(DISK, false);
        assertEquals(1, runners.journal.size());
    }

    @Test
    void hostsSettingIsValidated() {
        assertEquals(Kind.INVALID, assertThrows(BackendException.class,
                () -> backend(Map.of("HOSTS", "host1 ;reboot"))).kind());
        assertEquals(List.of("h1", "h2"), SharedLvmSettings.from(Map.of("HOSTS", "h1, h2 h1")).hosts());
    }

    private void assertNoLvremove() {
        assertFalse(runners.journal.stream().anyMatch(l -> l.contains("lvremove")), runners.journal.toString());
    }
}
