"""Through Cinder's real VolumeManager (in-memory DB, fake RPC), against a
running bridge: what the manager persists and returns is what Cinder sees."""

from oslo_utils import importutils

from cinder import db
from cinder.objects import fields
from cinder.tests.unit import fake_constants as fake
from cinder.tests.unit import utils as tests_utils

from tests import base

GIB = 1024 ** 3
DRIVER = 'storage_bridge_cinder.driver.BridgeVolumeDriver'


class ManagerTest(base.BridgeTestCase):

    def setUp(self):
        super().setUp()
        self.mgr = importutils.import_object(
            'cinder.volume.manager.VolumeManager', volume_driver=DRIVER,
            host=base.HOST)
        self.mgr.driver.do_setup(self.ctx)
        self.mgr.driver.check_for_setup_error()
        self.mgr.driver.set_initialized()
        self.mgr.stats = {'allocated_capacity_gb': 0, 'pools': {}}
        self.vtype = tests_utils.create_volume_type(
            self.ctx, self, name='bridge-type')
        self.pool_host = '%s#%s' % (base.HOST, self.bridge.pool)

    def _new_volume(self, size=1, **kw):
        vol = tests_utils.create_volume(
            self.ctx, size=size, host=self.pool_host, status='creating',
            volume_type_id=self.vtype.id, **kw)
        self.mgr.create_volume(self.ctx, vol)
        vol.refresh()
        self.assertEqual('available', vol.status)
        self.assertEqual('volume-' + vol.name_id, vol.provider_id)
        self.assertTrue(vol.provider_location.startswith('b1:'))
        self.assertEqual(size * GIB, self.bridge.describe(vol)['size_bytes'])
        return vol

    def test_create_extend_delete(self):
        vol = self._new_volume()
        self.mgr.extend_volume(self.ctx, vol, 3, [])
        vol.refresh()
        self.assertEqual(3, vol.size)
        self.assertEqual('available', vol.status)
        self.assertEqual(3 * GIB, self.bridge.describe(vol)['size_bytes'])
        self.mgr.delete_volume(self.ctx, vol)
        self.assertFalse(self.exists(vol))

    def test_snapshot_and_volume_from_snapshot(self):
        self.require('snapshots')
        vol = self._new_volume()
        snap = tests_utils.create_snapshot(self.ctx, vol.id)
        self.mgr.create_snapshot(self.ctx, snap)
        snap.refresh()
        self.assertEqual(fields.SnapshotStatus.AVAILABLE, snap.status)
        self.assertEqual('snap-' + snap.id, snap.provider_id)
        from_snap = self._new_volume(size=2, snapshot_id=snap.id)
        self.mgr.delete_snapshot(self.ctx, snap)
        self.assertEqual([], self.bridge.describe(vol)['snapshots'])
        for v in (from_snap, vol):
            self.mgr.delete_volume(self.ctx, v)
            self.assertFalse(self.exists(v))

    def test_clone(self):
        self.require('clone')
        vol = self._new_volume()
        clone = self._new_volume(size=2, source_volid=vol.id)
        for v in (clone, vol):
            self.mgr.delete_volume(self.ctx, v)
            self.assertFalse(self.exists(v))

    def test_attach_and_detach_through_attachments(self):
        vol = self._new_volume()
        host = self.bridge.hosts[0]
        connector = {'host': host, 'ip': '10.0.0.2', 'platform': 'x86_64',
                     'os_type': 'linux', 'multipath': False}
        attachment = db.volume_attach(self.ctx, {
            'volume_id': vol.id, 'attach_status': 'reserved',
            'instance_uuid': fake.UUID1, 'attach_mode': 'rw'})
        conn = self.mgr.attachment_update(self.ctx, vol, connector,
                                          attachment.id)
        self.assertEqual('local', conn['driver_volume_type'])
        self.assertTrue(conn['device_path'].startswith('/dev/'))
        self.assertEqual(attachment.id, conn['attachment_id'])
        self.assertEqual('rw', conn['access_mode'])
        if self.attached_on(vol) is not None:
            self.assertEqual([host], self.attached_on(vol))
            # while attached the backend refuses the delete; Cinder keeps
            # the volume (back to available) rather than error_deleting
            vol.refresh()
            vol.status = 'available'
            vol.save()
            self.mgr.delete_volume(self.ctx, vol)
            vol.refresh()
            self.assertEqual('available', vol.status)
            self.assertTrue(self.exists(vol))

        vol.refresh()
        self.mgr.attachment_delete(self.ctx, attachment.id, vol)
        self.assertIn(self.attached_on(vol), ([], None))
        vol.refresh()
        self.mgr.delete_volume(self.ctx, vol)
        self.assertFalse(self.exists(vol))

    def test_capabilities_reach_the_manager(self):
        self.mgr._report_driver_status(self.ctx)
        caps = self.mgr.last_capabilities
        self.assertEqual(self.mgr.driver.VERSION, caps['driver_version'])
        pools = {p['pool_name']: p for p in caps['pools']}
        self.assertIn(self.bridge.pool, pools)
        self.assertIn('allocated_capacity_gb', pools[self.bridge.pool])
