package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneVmTest {

    private final OneVm vm = OneVm.from(OneXml.parse(Fixtures.xml("vm-running.xml"), "vm"));

    @Test
    void readsStateHistoryAndDisks() {
        assertEquals(42, vm.id());
        assertEquals(3, vm.lcmState());
        assertEquals("host2", vm.lastHostname());
        assertEquals(100, vm.lastDsId());
        assertEquals(4, vm.disks().size());
    }

    @Test
    void tellsCloneFromPersistentFromVolatile() {
        OneDisk clone = vm.requireDisk(0);
        assertEquals(17, clone.imageId());
        assertEquals("vg-san/img-one-17", clone.source());
        assertEquals(4096, clone.sizeMb());
        assertEquals("shared_lvm", clone.tmMad());
        assertEquals(101, clone.datastoreId());
        assertTrue(clone.cloned());
        assertTrue(clone.vmOwnsVolume());

        OneDisk persistent = vm.requireDisk(1);
        assertTrue(persistent.persistent());
        assertFalse(persistent.vmOwnsVolume());

        OneDisk vol = vm.requireDisk(2);
        assertTrue(vol.isVolatile());
        assertEquals("fs", vol.type());
        assertTrue(vol.vmOwnsVolume());

        assertEquals("ssh", vm.requireDisk(4).tmMad());
    }

    @Test
    void missingDiskIsAClearError() {
        OneException e = assertThrows(OneException.class, () -> vm.requireDisk(3));
        assertEquals("VM 42 has no DISK with DISK_ID 3", e.getMessage());
    }

    @Test
    void singleDiskAndNoHistory() {
        OneVm one = OneVm.from(OneXml.parse(
                "<VM><ID>7</ID><LCM_STATE>0</LCM_STATE><TEMPLATE><DISK><DISK_ID>0</DISK_ID><IMAGE_ID>1</IMAGE_ID>"
                        + "</DISK></TEMPLATE><HISTORY_RECORDS/></VM>", "vm"));
        assertEquals(1, one.disks().size());
        assertEquals("", one.lastHostname());
        assertEquals(-1, one.lastDsId());
    }

    @Test
    void decodesBase64VmFromStdin() {
        OneVm v = DsActionData.decodeVm(Fixtures.base64(Fixtures.xml("vm-running.xml")) + "\n");
        assertEquals(42, v.id());
    }
}
