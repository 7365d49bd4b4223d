"""Cinder snapshots of thin volumes on a shared VG (lvmlockd + sanlock,
LVM_THIN_ENABLE), bytes checked on the device-mapper host through attaches:
create_snapshot, create_volume_from_snapshot (a full copy into a new, larger
thin volume), revert_to_snapshot after an extend, delete_snapshot. Runs only on
the ``lvmlockd`` backend (scripts/test.d/lockd/cinder.sh)."""

import unittest

from tests import base
from tests import bridge
from tests.bridge import MIB
from tests.volume_data import VolumeData, sha

GIB = 1024 ** 3
# the first MiB and the last one of a 1 GiB volume
REGIONS = {0: 1, 1023: 1}
# a MiB of the second GiB, which only grew into the volume
GROWN = {2047: 1}


class ThinSnapshotDataTest(VolumeData, base.BridgeTestCase):

    @classmethod
    def setUpClass(cls):
        if 'thin' not in bridge.FEATURES[bridge.backend_kind()]:
            # before a bridge is started for nothing
            raise unittest.SkipTest('backend %s: no thin volumes'
                                    % bridge.backend_kind())
        super().setUpClass()

    def setUp(self):
        super().setUp()
        self.require('thin')
        self.drv = self.make_driver()
        self.host = self.bridge.hosts[0]

    def lvs(self):
        return self._ssh_lvs('-o', 'lv_name', self.bridge.pool).split()

    def pool_data_percent(self, vol):
        """How full the volume's thin pool is (LVM reports it for an active
        pool only: the volume is attached for it)."""
        self._attach(vol)
        try:
            out = self._ssh_lvs('-o', 'data_percent', '%s/%s.pool' % (
                self.bridge.pool, vol.provider_id))
        finally:
            self._detach(vol)
        return float(out.strip())

    def _ssh_lvs(self, *argv):
        return self.bridge._ssh(self.host, ['lvs', '--noheadings', *argv]
                                ).decode()

    def test_snapshot_volume_from_snapshot_revert_delete(self):
        zeros = {k: sha(bytes(n * MIB)) for k, n in GROWN.items()}
        vol = self._create(size=1)
        first = self._write(vol, REGIONS)
        snap = self.snapshot(vol)
        snap.provider_id = self.drv.create_snapshot(snap)['provider_id']
        self.addCleanup(self.drv.delete_snapshot, snap)  # before the volume
        self.assertEqual([snap.provider_id],
                         self.bridge.describe(vol)['snapshots'])
        second = self._write(vol, REGIONS)
        self.assertNotEqual(first, second)

        from_snap = self.volume(size=2)
        update = self.drv.create_volume_from_snapshot(from_snap, snap)
        from_snap.provider_id = update['provider_id']
        self.addCleanup(self._delete, from_snap)
        self.assertEqual(2 * GIB,
                         self.bridge.describe(from_snap)['size_bytes'])
        self.assertEqual(first, self._read(from_snap, REGIONS))
        self.assertEqual(zeros, self._read(from_snap, GROWN))
        # the copy wrote the snapshot's data blocks only: a fresh thin
        # volume reads as zeros, zeroing it would allocate every block
        used = self.pool_data_percent(from_snap)
        self.assertLess(used, 10.0, 'pool of the copy %.2f%% full' % used)

        # revert in place after an extend: the snapshot's bytes, and the
        # size Cinder knows (the bridge grows the reverted volume again)
        self.drv.extend_volume(vol, 2)
        vol.size = 2
        self.drv.revert_to_snapshot(self.ctx, vol, snap)
        self.assertEqual(2 * GIB, self.bridge.describe(vol)['size_bytes'])
        self.assertEqual(first, self._read(vol, REGIONS))
        self.assertEqual(zeros, self._read(vol, GROWN))
        self.assertEqual([snap.provider_id],
                         self.bridge.describe(vol)['snapshots'])

        self.drv.delete_snapshot(snap)
        self.assertEqual([], self.bridge.describe(vol)['snapshots'])
        mine = [n for n in self.lvs() if n.startswith(vol.provider_id)]
        self.assertEqual(sorted([vol.provider_id, vol.provider_id + '.pool']),
                         sorted(mine), 'snapshot and revert leftovers gone')
