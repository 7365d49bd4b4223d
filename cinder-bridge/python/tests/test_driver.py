"""The driver called directly with Cinder's objects, against a running bridge."""

import datetime
from unittest import mock
import uuid

from cinder import exception
from cinder import objects

from storage_bridge_cinder import driver as driver_module
from tests import base

GIB = 1024 ** 3


class DriverTest(base.BridgeTestCase):

    def setUp(self):
        super().setUp()
        self.drv = self.make_driver()

    def _create(self, vol):
        update = self.drv.create_volume(vol)
        return self._created(vol, update)

    def _created(self, vol, model_update):
        self.assertEqual('volume-' + vol.name_id, model_update['provider_id'])
        vol.provider_id = model_update['provider_id']
        vol.provider_location = model_update['provider_location']
        return vol

    def _delete_twice(self, vol):
        self.drv.delete_volume(vol)
        self.drv.delete_volume(vol)  # gone already: still success
        self.assertFalse(self.exists(vol))

    def test_create_extend_delete(self):
        vol = self._create(self.volume(size=1))
        self.assertEqual(GIB, self.bridge.describe(vol)['size_bytes'])
        # create retried (e.g. after a timeout): same volume, same answer
        self.assertEqual(vol.provider_id,
                         self.drv.create_volume(vol)['provider_id'])
        self.drv.extend_volume(vol, 4)
        self.drv.extend_volume(vol, 4)
        self.assertEqual(4 * GIB, self.bridge.describe(vol)['size_bytes'])
        self._delete_twice(vol)

    def test_fractional_sizes_are_refused_not_cut(self):
        # the bridge answers 400 to size_gb 1.5; the driver refuses it
        # before sending, with the same rule (whole GiB only)
        vol = self.volume(size=1)
        self.assertRaises(exception.InvalidInput,
                          self.drv.extend_volume, vol, 1.5)
        self.assertEqual(2, driver_module._gib(2.0, 'size'))
        self.assertFalse(self.exists(vol))

    def test_snapshot_and_volume_from_snapshot(self):
        self.require('snapshots')
        vol = self._create(self.volume(size=1))
        snap = self.snapshot(vol)
        update = self.drv.create_snapshot(snap)
        self.assertEqual('snap-' + snap.id, update['provider_id'])
        snap.provider_id = update['provider_id']
        self.assertEqual([snap.provider_id],
                         self.bridge.describe(vol)['snapshots'])

        from_snap = self.volume(size=2)
        self._created(from_snap,
                      self.drv.create_volume_from_snapshot(from_snap, snap))
        self.assertEqual(2 * GIB, self.bridge.describe(from_snap)['size_bytes'])

        # revert in place; the volume keeps the size Cinder knows
        self.drv.extend_volume(vol, 2)
        vol.size = 2
        self.drv.revert_to_snapshot(self.ctx, vol, snap)
        self.assertEqual(2 * GIB, self.bridge.describe(vol)['size_bytes'])

        # a volume with a snapshot is busy: Cinder puts it back to available
        self.assertRaises(exception.VolumeIsBusy, self.drv.delete_volume, vol)
        self.assertTrue(self.exists(vol))

        self.drv.delete_snapshot(snap)
        self.drv.delete_snapshot(snap)  # gone already: still success
        self.assertEqual([], self.bridge.describe(vol)['snapshots'])
        self._delete_twice(from_snap)
        self._delete_twice(vol)

    def test_snapshot_unsupported_is_an_error(self):
        if 'snapshots' in self.bridge.features:
            self.skipTest('backend %s has snapshots' % self.bridge.kind)
        vol = self._create(self.volume(size=1))
        self.assertRaises(exception.VolumeBackendAPIException,
                          self.drv.create_snapshot, self.snapshot(vol))
        # Cinder falls back to its generic revert on NotImplementedError
        self.assertRaises(NotImplementedError, self.drv.revert_to_snapshot,
                          self.ctx, vol, self.snapshot(vol))
        self._delete_twice(vol)

    def test_group_snapshot_of_a_consistent_group(self):
        vols = [self._create(self.volume(size=1)) for _i in range(2)]
        snaps = [self.snapshot(v) for v in vols]
        group_snapshot = mock.Mock(id=str(uuid.uuid4()))
        cg = 'is_group_a_cg_snapshot_type'
        with mock.patch.object(driver_module.volume_utils, cg,
                               return_value=False):
            # not a consistent group: Cinder's per-volume loop
            self.assertRaises(NotImplementedError,
                              self.drv.create_group_snapshot, self.ctx,
                              group_snapshot, snaps)
        pools = self.drv.get_volume_stats(refresh=True)['pools']
        enabled = 'group_snapshots' in self.bridge.features
        self.assertEqual({enabled}, {p['consistent_group_snapshot_enabled']
                                     for p in pools})
        with mock.patch.object(driver_module.volume_utils, cg,
                               return_value=True):
            if not enabled:
                self.assertRaises(NotImplementedError,
                                  self.drv.create_group_snapshot, self.ctx,
                                  group_snapshot, snaps)
            else:
                model, updates = self.drv.create_group_snapshot(
                    self.ctx, group_snapshot, snaps)
                self.assertEqual('available', model['status'])
                self.assertEqual([s.id for s in snaps],
                                 [u['id'] for u in updates])
                for v, s, u in zip(vols, snaps, updates):
                    self.assertEqual('available', u['status'])
                    self.assertEqual([u['provider_id']],
                                     self.bridge.describe(v)['snapshots'])
                    s.provider_id = u['provider_id']
                    self.drv.delete_snapshot(s)
        for v in vols:
            self._delete_twice(v)

    def test_clone(self):
        self.require('clone')
        vol = self._create(self.volume(size=1))
        clone = self.volume(size=3)
        self._created(clone, self.drv.create_cloned_volume(clone, vol))
        self.assertEqual(3 * GIB, self.bridge.describe(clone)['size_bytes'])
        # retried: redone, same end state
        self._created(clone, self.drv.create_cloned_volume(clone, vol))
        self.assertEqual(3 * GIB, self.bridge.describe(clone)['size_bytes'])
        self._delete_twice(clone)
        self._delete_twice(vol)

    def test_attach_and_detach(self):
        vol = self._create(self.volume())
        host = self.bridge.hosts[0]
        connector = {'host': host, 'ip': '10.0.0.1', 'initiator': 'iqn.x'}
        self.drv.validate_connector(connector)
        self.assertIsNone(self.drv.create_export(self.ctx, vol, connector))
        info = self.drv.initialize_connection(vol, connector)
        self.assertEqual('local', info['driver_volume_type'])
        self.assertTrue(info['data']['device_path'].startswith('/dev/'))
        if self.bridge.kind == 'linstor':
            self.assertTrue(info['data']['device_path'].startswith('/dev/drbd'))
        elif self.bridge.kind == 'lvm':
            self.assertEqual('/dev/%s/%s' % (self.bridge.pool, vol.provider_id),
                             info['data']['device_path'])
            if 'devices' in self.bridge.features:
                # the device-mapper VM host: the block device really exists
                self.assertEqual(0, self.bridge.run_on(
                    host, 'test', '-b', info['data']['device_path']))
        self.assertEqual(vol.id, info['data']['volume_id'])
        # asked twice for the same host: same answer
        self.assertEqual(info, self.drv.initialize_connection(vol, connector))
        if self.attached_on(vol) is not None:
            self.assertEqual([host], self.attached_on(vol))
            # attached: deleting is refused as busy
            self.assertRaises(exception.VolumeIsBusy,
                              self.drv.delete_volume, vol)

        self.assertFalse(self.drv.terminate_connection(vol, connector,
                                                       force=False))
        if 'devices' in self.bridge.features:
            # 0 only when ssh ran and the device is gone (255 = ssh failed)
            self.assertEqual(0, self.bridge.run_on(
                host, 'test', '!', '-b', info['data']['device_path']))
        self.assertIn(self.attached_on(vol), ([], None))
        self.drv.remove_export(self.ctx, vol)
        # detached already: success
        self.assertFalse(self.drv.terminate_connection(vol, connector))
        self._delete_twice(vol)

    def test_connector_without_host_is_refused(self):
        self.assertRaises(exception.InvalidConnectorException,
                          self.drv.validate_connector, {'ip': '10.0.0.1'})
        vol = self._create(self.volume())
        self.assertRaises(exception.InvalidConnectorException,
                          self.drv.initialize_connection, vol, {'ip': 'x'})
        self._delete_twice(vol)

    def test_two_attachments_on_one_host_share_the_device(self):
        host = self.bridge.hosts[0]
        connector = {'host': host}
        vol = self.volume(multiattach=True)
        vol.volume_attachment = objects.VolumeAttachmentList(objects=[
            objects.VolumeAttachment(
                context=self.ctx, id=str(uuid.uuid4()), volume_id=vol.id,
                attached_host=host, connector=connector,
                attach_status='attached',
                attach_time=datetime.datetime(2026, 1, 1, 0, i))
            for i in range(2)])
        self._create(vol)
        self.drv.initialize_connection(vol, connector)
        self.assertTrue(self.drv.terminate_connection(vol, connector))
        self.assertIn(self.attached_on(vol), ([host], None))
        # force detach (no connector): gone everywhere
        self.assertFalse(self.drv.terminate_connection(vol, None, force=True))
        self.assertIn(self.attached_on(vol), ([], None))
        self._delete_twice(vol)

    def test_stats(self):
        stats = self.drv.get_volume_stats(refresh=True)
        self.assertEqual(self.drv.VERSION, stats['driver_version'])
        self.assertEqual('up', stats['backend_state'])
        pools = {p['pool_name']: p for p in stats['pools']}
        self.assertIn(self.bridge.pool, pools)
        p = pools[self.bridge.pool]
        self.assertGreater(p['total_capacity_gb'], 0)
        self.assertGreaterEqual(p['total_capacity_gb'], p['free_capacity_gb'])
        for key in ('thin_provisioning_support', 'thick_provisioning_support',
                    'multiattach', 'reserved_percentage',
                    'max_over_subscription_ratio', 'online_extend_support'):
            self.assertIn(key, p)
        self.assertFalse(p['online_extend_support'])

    def test_stats_when_the_bridge_is_down(self):
        self.drv.get_volume_stats(refresh=True)
        self.drv.client.base = 'http://127.0.0.1:9'  # nothing listens there
        stats = self.drv.get_volume_stats(refresh=True)
        self.assertEqual('down', stats['backend_state'])
        self.assertNotEqual([], stats['pools'])
        for p in stats['pools']:
            self.assertEqual(0, p['free_capacity_gb'])

    def test_volume_found_by_provider_id_after_migration(self):
        vol = self._create(self.volume())
        # a generic migration leaves _name_id pointing at another uuid; the
        # provider_id the bridge handed out still finds the data
        moved = self.volume(id=vol.id, _name_id=str(uuid.uuid4()),
                            provider_id=vol.provider_id)
        self.drv.extend_volume(moved, 2)
        self.assertEqual(2 * GIB, self.bridge.describe(vol)['size_bytes'])
        self.drv.delete_volume(moved)
        self.assertFalse(self.exists(vol))

    def test_bridge_restart_between_retries(self):
        vol = self._create(self.volume())
        self.bridge.restart()
        self.drv.client.base = self.bridge.url
        self.assertEqual(vol.provider_id,
                         self.drv.create_volume(vol)['provider_id'])
        self._delete_twice(vol)

    def test_wrong_token_is_refused(self):
        status, body = self.bridge.post(
            'delete_volume', {'volume': {'name_id': str(uuid.uuid4())}},
            token='not-the-token-0123456789')
        self.assertEqual(401, status)
        self.assertEqual('UNAUTHORIZED', body['error']['code'])
