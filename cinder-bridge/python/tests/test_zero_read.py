"""No new volume shows a deleted one's bytes, through the bridge on shared
LVM with the device-mapper VM host (docs/operator-guide.md, "Data safety"):
the bridge's delete without zeroing (zero_on_delete = false) leaves a tenant's
bytes on the shared disk, and the bridge's create and clone, made on those
extents, read as zero there.

Only the marked MiBs are read (a whole 1 GiB volume takes minutes to read
under software emulation); the test checks that the new volume does lie on
them, else it would prove nothing."""

from tests import base
from tests.bridge import MIB
from tests.volume_data import VolumeData, sha

MARKER = b'sd-zero-read-proof:removed-vol.\n'  # 32 bytes
REGIONS = (0, 511, 1023)  # MiB of a 1 GiB volume


class ZeroReadTest(VolumeData, base.BridgeTestCase):

    wipe = False  # the bridge's delete frees the extents as they are

    def setUp(self):
        super().setUp()
        self.require('data')
        self.drv = self.make_driver()
        self.host = self.bridge.hosts[0]  # the VM host

    def _marked_then_deleted(self):
        """A 1 GiB volume with the marker written at REGIONS, deleted through
        the bridge; returns the disk offsets of the marked MiBs, checked to
        still hold the marker (the delete did not zero them)."""
        vol = self.volume(size=1)
        vol.provider_id = self.drv.create_volume(vol)['provider_id']
        dev = self._attach(vol)
        for offset in REGIONS:
            self.bridge.write_device(self.host, dev, offset,
                                     MARKER * (MIB // len(MARKER)))
        self._detach(vol)
        extents = self.bridge.extents_on_disk(vol.provider_id)
        self.drv.delete_volume(vol)
        self.assertFalse(self.exists(vol))
        offsets = [_disk_offset(extents, r * MIB) for r in REGIONS]
        marked = sha(MARKER * (MIB // len(MARKER)))
        for offset in offsets:
            self.assertEqual(marked, sha(self.bridge.read_shared_disk(
                offset, MIB)), 'the delete left the bytes (zero_on_delete off)')
        return offsets

    def _assert_zero_where_marked(self, vol, offsets):
        """Every marked MiB the new volume lies on reads as zero through it
        (at least one must be inside it)."""
        extents = self.bridge.extents_on_disk(vol.provider_id)
        inside = [o for o in (_lv_offset(extents, d) for d in offsets)
                  if o is not None]
        self.assertTrue(len(inside) > 0, 'the new volume does not lie on the freed '
                        'extents: nothing proven (extents %s)' % extents)
        got = self._read(vol, {o // MIB: 1 for o in inside})
        self.assertEqual({o // MIB: sha(bytes(MIB)) for o in inside}, got)

    def test_create_after_delete_reads_zero(self):
        offsets = self._marked_then_deleted()
        vol = self._create(size=1)
        self._assert_zero_where_marked(vol, offsets)

    def test_clone_after_delete_reads_zero(self):
        source = self._create(size=1)  # all zero: the clone's data is zero
        offsets = self._marked_then_deleted()
        clone = self.volume(size=1)
        clone.provider_id = self.drv.create_cloned_volume(
            clone, source)['provider_id']
        self.addCleanup(self._delete, clone)
        self._assert_zero_where_marked(clone, offsets)


def _disk_offset(extents, lv_offset):
    """Where a byte of the LV lies on the disk (segments in order)."""
    for start, length in extents:
        if lv_offset < length:
            return start + lv_offset
        lv_offset -= length
    raise AssertionError('offset beyond the LV')


def _lv_offset(extents, disk_offset):
    """The LV offset of a disk byte, None when the LV does not hold it."""
    base_offset = 0
    for start, length in extents:
        if start <= disk_offset < start + length:
            return base_offset + disk_offset - start
        base_offset += length
    return None
