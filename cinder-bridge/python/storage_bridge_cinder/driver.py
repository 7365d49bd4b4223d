"""Cinder volume driver for shared LVM and LINSTOR through the cinder-bridge.

A translation layer: every driver call becomes one JSON request to the
bridge service (Java), which reaches the storage through the same backends
as the OpenNebula drivers. Volumes are named after ``volume.name_id`` and
found again by the ``provider_id`` the bridge returns, never by
``volume.id`` (which stays the same when a migration moves the data).

cinder.conf::

    [bridge-lvm]
    volume_driver = storage_bridge_cinder.driver.BridgeVolumeDriver
    volume_backend_name = bridge-lvm
    bridge_url = http://127.0.0.1:7390
    bridge_token_file = /etc/cinder/bridge-token
    bridge_backend = lvm1
"""

import os
import tempfile

from oslo_config import cfg
from oslo_log import log as logging

from cinder import exception
from cinder.i18n import _
from cinder.image import image_utils
from cinder import interface
from cinder.objects import fields
from cinder.volume import configuration
from cinder.volume import driver
from cinder.volume import volume_utils

from storage_bridge_cinder import client

LOG = logging.getLogger(__name__)

bridge_opts = [
    cfg.StrOpt('bridge_url', default='http://127.0.0.1:7390',
               help='URL of the cinder-bridge service: http://host:port '
                    '(https:// when it listens on a non-loopback address) '
                    'or unix:///path/of/the/socket.'),
    cfg.StrOpt('bridge_token_file', default='/etc/cinder/bridge-token',
               help='File holding the bearer token shared with the bridge; '
                    'readable only by cinder and the bridge (mode 0640).'),
    cfg.StrOpt('bridge_backend',
               help='Name of the backend in the bridge config '
                    '(backend.<name>.uri). Default: volume_backend_name.'),
    cfg.FloatOpt('bridge_connect_timeout', default=5.0, min=0.1,
                 help='Seconds to wait for a connection to the bridge.'),
    cfg.FloatOpt('bridge_read_timeout', default=45.0, min=1.0,
                 help='Seconds to wait for an answer to quick requests '
                      '(attach, detach, stats, snapshots, extend). Keep it '
                      'below rpc_response_timeout.'),
    cfg.FloatOpt('bridge_long_read_timeout', default=3600.0, min=1.0,
                 help='Seconds to wait for requests that may copy data '
                      '(create, clone, volume from snapshot, delete with '
                      'wiping, image import).'),
    cfg.StrOpt('bridge_ca_file',
               help='CA bundle to verify an https bridge_url; default: the '
                    'system CAs.'),
    cfg.IntOpt('bridge_retries', default=3, min=0,
               help='Retries when the bridge cannot be reached (every '
                    'operation is idempotent).'),
    cfg.StrOpt('bridge_image_dir',
               help='Directory shared with the bridge (its image_dir). When '
                    'set, images are downloaded there as raw files and '
                    'written by the bridge; when unset, the volume is '
                    'attached on this host and written through os-brick.'),
    cfg.BoolOpt('bridge_online_extend', default=False,
                help='Report online_extend_support. The local connection '
                     'type cannot tell a running guest about a new size.'),
]

CONF = cfg.CONF
CONF.register_opts(bridge_opts, group=configuration.SHARED_CONF_GROUP)


def _gib(value, what):
    """A size in whole GiB, as the bridge takes it: 1.5 is refused (the bridge
    refuses it too), never cut to 1 GiB nor rounded up."""
    if value is None:
        return None
    if isinstance(value, bool) or not float(value).is_integer():
        raise exception.InvalidInput(
            reason=_('%(what)s must be a whole number of GiB, not %(v)r')
            % {'what': what, 'v': value})
    return int(value)


@interface.volumedriver
class BridgeVolumeDriver(driver.VolumeDriver):
    """Volumes on shared LVM or LINSTOR, served by the cinder-bridge."""

    VERSION = '1.0.0'
    CI_WIKI_NAME = 'storage-drivers_CI'
    VENDOR = 'storage-drivers'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.configuration.append_config_values(bridge_opts)
        self.client = None
        self._last_pools = []

    @staticmethod
    def get_driver_options():
        return bridge_opts

    # --- start-up ------------------------------------------------------

    def do_setup(self, context):
        conf = self.configuration
        backend = (conf.bridge_backend or conf.safe_get('volume_backend_name')
                   or conf.config_group)
        if not backend:
            raise exception.VolumeBackendAPIException(
                data=_('set bridge_backend to a backend of the bridge config'))
        self.client = client.BridgeClient(
            conf.bridge_url, backend, conf.bridge_token_file,
            conf.bridge_connect_timeout, conf.bridge_read_timeout,
            conf.bridge_long_read_timeout, conf.bridge_ca_file,
            conf.bridge_retries)

    def check_for_setup_error(self):
        health = self.client.health()
        if self.client.backend not in health.get('backends', []):
            raise exception.VolumeBackendAPIException(
                data=_('the bridge at %(u)s has no backend %(b)s (it has: '
                       '%(all)s)') % {'u': self.client.base,
                                      'b': self.client.backend,
                                      'all': ', '.join(health.get(
                                          'backends', []))})

    # --- request bodies ------------------------------------------------

    @staticmethod
    def _volume(volume):
        pool = None
        if volume.get('host'):
            pool = volume_utils.extract_host(volume.host, 'pool')
        return {'name_id': volume.name_id,
                'provider_id': volume.get('provider_id'),
                'size_gb': _gib(volume.size, 'volume size'),
                'pool': pool,
                'multiattach': bool(volume.get('multiattach', False))}

    def _snapshot(self, snapshot):
        return {'id': snapshot.id,
                'provider_id': snapshot.get('provider_id'),
                'volume': self._volume(snapshot.volume),
                'volume_size_gb': _gib(snapshot.volume_size, 'snapshot volume_size')}

    @staticmethod
    def _attachment_hosts(volume):
        """Hosts of the volume's attachments, oldest first."""
        found = []
        for a in volume.volume_attachment or []:
            host = (a.get('connector') or {}).get('host') or \
                a.get('attached_host')
            if host:
                since = a.get('attach_time') or a.get('created_at')
                found.append((since.timestamp() if since else 0.0, host))
        return [h for _t, h in sorted(found, key=lambda x: x[0])]

    def _call(self, op, body, long_running=False, busy=None):
        try:
            return self.client.call(op, body, long_running)
        except client.BridgeError as e:
            if e.code == client.VOLUME_BUSY and busy:
                raise exception.VolumeIsBusy(volume_name=busy)
            if e.code == client.SNAPSHOT_BUSY and busy:
                raise exception.SnapshotIsBusy(snapshot_name=busy)
            if e.code == client.INVALID_CONNECTOR:
                raise exception.InvalidConnectorException(missing='host')
            raise

    # --- volumes -------------------------------------------------------

    def create_volume(self, volume):
        r = self._call('create_volume', {'volume': self._volume(volume)},
                       long_running=True)
        return r.get('model_update')

    def delete_volume(self, volume):
        self._call('delete_volume', {'volume': self._volume(volume)},
                   long_running=True, busy=volume.name)

    def extend_volume(self, volume, new_size):
        # hosts of in-use volumes get the new size too (shared LVM: refresh)
        self._call('extend_volume', {
            'volume': self._volume(volume), 'new_size_gb': _gib(new_size, 'new size'),
            'attachment_hosts': self._attachment_hosts(volume)})

    def create_cloned_volume(self, volume, src_vref):
        r = self._call('create_cloned_volume',
                       {'volume': self._volume(volume),
                        'source_volume': self._volume(src_vref)},
                       long_running=True, busy=src_vref.name)
        return r.get('model_update')

    def create_volume_from_snapshot(self, volume, snapshot):
        r = self._call('create_volume_from_snapshot',
                       {'volume': self._volume(volume),
                        'snapshot': self._snapshot(snapshot)},
                       long_running=True)
        return r.get('model_update')

    # --- snapshots -----------------------------------------------------

    def create_snapshot(self, snapshot):
        r = self._call('create_snapshot',
                       {'snapshot': self._snapshot(snapshot)},
                       busy=snapshot.volume_name)
        return r.get('model_update')

    def delete_snapshot(self, snapshot):
        self._call('delete_snapshot', {'snapshot': self._snapshot(snapshot)},
                   busy=snapshot.name)

    # --- groups --------------------------------------------------------

    def create_group_snapshot(self, context, group_snapshot, snapshots):
        """A consistent group's snapshots, taken together by the backend
        (LINSTOR's multi-snapshot: IO suspended on every volume at once);
        other groups, and backends that cannot, get Cinder's per-volume
        loop (NotImplementedError)."""
        if not volume_utils.is_group_a_cg_snapshot_type(group_snapshot):
            raise NotImplementedError()
        try:
            r = self._call('create_group_snapshot',
                           {'snapshots': [self._snapshot(s)
                                          for s in snapshots]},
                           long_running=True)
        except client.BridgeError as e:
            if e.code == 'UNSUPPORTED':
                raise NotImplementedError()
            raise
        updates = [{'id': s['id'], 'provider_id': s.get('provider_id'),
                    'provider_location': s.get('provider_location'),
                    'status': fields.SnapshotStatus.AVAILABLE}
                   for s in r.get('snapshots', [])]
        return {'status': fields.GroupSnapshotStatus.AVAILABLE}, updates

    def revert_to_snapshot(self, context, volume, snapshot):
        """Rolls back in place; without backend snapshots Cinder's generic
        revert (a copy through attach) takes over."""
        try:
            self._call('revert_to_snapshot',
                       {'volume': self._volume(volume),
                        'snapshot': self._snapshot(snapshot)},
                       long_running=True, busy=volume.name)
        except client.BridgeError as e:
            if e.code == 'UNSUPPORTED':
                raise NotImplementedError()
            raise

    # --- attach / detach -----------------------------------------------

    def validate_connector(self, connector):
        if not connector or not connector.get('host'):
            raise exception.InvalidConnectorException(missing='host')

    def create_export(self, context, volume, connector):
        """Nothing to export: initialize_connection makes the device."""

    def ensure_export(self, context, volume):
        """Devices stay on their hosts across cinder-volume restarts."""

    def remove_export(self, context, volume):
        """terminate_connection has removed the device already."""

    def initialize_connection(self, volume, connector, **kwargs):
        r = self._call('initialize_connection', {
            'volume': self._volume(volume),
            'connector': {'host': (connector or {}).get('host')},
            'attachment_hosts': self._attachment_hosts(volume)})
        info = r['connection_info']
        info['data']['volume_id'] = volume.id
        return info

    def terminate_connection(self, volume, connector, **kwargs):
        body = {'volume': self._volume(volume),
                'connector': ({'host': connector.get('host')}
                              if connector else None),
                'attachment_hosts': self._attachment_hosts(volume)}
        r = self._call('terminate_connection', body)
        return bool(r.get('shared', False))

    # --- images --------------------------------------------------------

    def copy_image_to_volume(self, context, volume, image_service, image_id):
        image_dir = self.configuration.bridge_image_dir
        if not image_dir:
            return super().copy_image_to_volume(context, volume, image_service,
                                                image_id)
        fd, path = tempfile.mkstemp(prefix='image-', suffix='.raw',
                                    dir=image_dir)
        os.close(fd)
        try:
            os.chmod(path, 0o640)
            image_utils.fetch_to_raw(
                context, image_service, image_id, path,
                self.configuration.volume_dd_blocksize, size=volume.size,
                run_as_root=False)
            self._call('copy_image_to_volume',
                       {'volume': self._volume(volume),
                        'image': {'path': path, 'format': 'raw'}},
                       long_running=True, busy=volume.name)
        finally:
            os.unlink(path)

    def copy_volume_to_image(self, context, volume, image_service,
                             image_meta):
        """Attaches on this host (local connection) and uploads."""
        return super().copy_volume_to_image(context, volume, image_service,
                                            image_meta)

    def clone_image(self, context, volume, image_location, image_meta,
                    image_service):
        """The backends cannot clone from Glance directly."""
        return None, False

    # --- stats ---------------------------------------------------------

    def get_volume_stats(self, refresh=False):
        """Pool capacities from the bridge (which caches them briefly)."""
        if refresh or not self._stats:
            self._update_volume_stats()
        return self._stats

    def _update_volume_stats(self):
        conf = self.configuration
        try:
            s = self.client.stats()
            pools = s.get('pools', [])
            self._last_pools = [p['pool_name'] for p in pools]
            protocol = s.get('storage_protocol', 'SCSI')
            state = s.get('backend_state', 'up')
            groups = bool(s.get('group_snapshots', False))
        except exception.VolumeBackendAPIException as e:
            LOG.warning('cinder-bridge stats unavailable: %s', e)
            pools = [{'pool_name': n, 'total_capacity_gb': 0,
                      'free_capacity_gb': 0, 'backend_state': 'down'}
                     for n in self._last_pools]
            protocol = 'SCSI'
            state = 'down'
            groups = False
        out = []
        for p in pools:
            pool = dict(p)
            pool.update({
                'reserved_percentage': conf.safe_get('reserved_percentage')
                or 0,
                'max_over_subscription_ratio':
                    conf.safe_get('max_over_subscription_ratio'),
                'QoS_support': False,
                'consistent_group_snapshot_enabled': groups,
                'online_extend_support': conf.bridge_online_extend,
                'location_info': 'BridgeVolumeDriver:%s:%s:%s' % (
                    conf.bridge_url, self.client.backend, p['pool_name']),
                'filter_function': self.get_filter_function(),
                'goodness_function': self.get_goodness_function(),
            })
            out.append(pool)
        self._stats = {
            'volume_backend_name': conf.safe_get('volume_backend_name')
            or 'bridge-' + self.client.backend,
            'vendor_name': self.VENDOR,
            'driver_version': self.VERSION,
            'storage_protocol': protocol,
            'shared_targets': False,
            'sparse_copy_volume': any(
                p.get('thin_provisioning_support') for p in out),
            'backend_state': state,
            'pools': out,
        }

    def get_pool(self, volume):
        return volume_utils.extract_host(volume.host, 'pool')
