"""Bytes on shared LVM through the device-mapper VM host: what is written
through one attach is read back through another and through a clone, and
deleting wipes the volume first (image bytes: test_images).

Regions are checked with SHA-256 over a MiB or two read with direct I/O (reading
a whole 1 GiB volume takes minutes under software emulation)."""

from tests import base
from tests.bridge import MIB
from tests.volume_data import VolumeData, sha

GIB = 1024 ** 3


class DataPathTest(VolumeData, base.BridgeTestCase):

    wipe = True  # zero_on_delete as an operator gets it: on (a thick VG)

    def setUp(self):
        super().setUp()
        self.require('data')
        self.drv = self.make_driver()
        self.host = self.bridge.hosts[0]  # the VM host

    def test_bytes_survive_reattach_and_clone(self):
        vol = self._create(size=1)
        # the first MiBs and the last one: a clone must copy the whole LV
        regions = {0: 1, 1023: 1}
        written = self._write(vol, regions)
        self.assertEqual(written, self._read(vol, regions))

        clone = self.volume(size=2)
        clone.provider_id = self.drv.create_cloned_volume(
            clone, vol)['provider_id']
        self.addCleanup(self._delete, clone)
        self.assertEqual(2 * GIB, self.bridge.describe(clone)['size_bytes'])
        self.assertEqual(written, self._read(clone, regions))

    def test_delete_wipes_the_volume(self):
        vol = self._create(size=1)
        regions = {0: 1, 1023: 1}
        written = self._write(vol, regions)
        extents = self.bridge.extents_on_disk(vol.provider_id)
        self.assertEqual(GIB, sum(length for _o, length in extents))

        def disk_offset(lv_offset):
            """Where a byte of the LV lies on the disk (segments in order;
            a MiB never straddles two, extents being whole MiB)."""
            for start, length in extents:
                if lv_offset < length:
                    return start + lv_offset
                lv_offset -= length
            raise AssertionError('offset beyond the LV')

        def on_disk():
            return {offset: sha(self.bridge.read_shared_disk(
                disk_offset(offset * MIB), length * MIB))
                for offset, length in regions.items()}
        # the offsets are right: the shared disk holds what was written
        self.assertEqual(written, on_disk())
        self.drv.delete_volume(vol)
        self.assertFalse(self.exists(vol))
        zeros = {offset: sha(bytes(length * MIB))
                 for offset, length in regions.items()}
        self.assertEqual(zeros, on_disk())
