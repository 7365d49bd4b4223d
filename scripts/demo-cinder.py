#!/usr/bin/python3
"""The Cinder part of scripts/demo.sh: Debian's Cinder drives our volume driver.

For each backend named on the command line (``linstor``: the simulated LINSTOR
controller; ``lvm``: the test bed's shared VG, needs its environment), this
starts the real bridge from cinder-bridge.jar, writes a cinder.conf stanza,
loads storage_bridge_cinder.driver.BridgeVolumeDriver by its dotted path the
way cinder-volume does, and runs a volume's life through it: create, extend,
attach on a host (initialize_connection) and detach, snapshot and a volume
from it (where the backend has snapshots), stats, delete.

    /usr/bin/python3 scripts/demo-cinder.py linstor lvm
"""

import os
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'cinder-bridge', 'python'))

from cinder import objects  # noqa: E402
objects.register_all()  # before cinder.volume.manager is imported

from cinder import context  # noqa: E402
from cinder.common import config  # noqa: E402,F401  global options
from cinder.volume import configuration  # noqa: E402
from cinder.volume import manager  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_utils import importutils  # noqa: E402

from tests import bridge  # noqa: E402  (starts the bridge jar)

GIB = 1024 ** 3


def say(text):
    print('   ' + text, flush=True)


def cinder_conf(running, path):
    with open(path, 'w') as f:
        f.write('[DEFAULT]\nenabled_backends = demo\n\n[demo]\n'
                'volume_driver = storage_bridge_cinder.driver.BridgeVolumeDriver\n'
                'volume_backend_name = demo\n'
                'bridge_url = %s\nbridge_token_file = %s\nbridge_backend = %s\n'
                % (running.url, running.token_file, bridge.BACKEND_NAME))


def demo(kind):
    print('\n== Cinder on %s: cinder-bridge.jar serve + BridgeVolumeDriver' % kind,
          flush=True)
    os.environ['CINDER_BRIDGE_TEST_BACKEND'] = kind
    running = bridge.RunningBridge(kind)
    try:
        conf_file = os.path.join(running.dir, 'cinder.conf')
        cinder_conf(running, conf_file)
        say('bridge at %s, cinder.conf: %s' % (running.url, conf_file))
        cfg.CONF(['--config-file', conf_file], project='cinder')
        conf = configuration.Configuration(manager.volume_backend_opts,
                                           config_group='demo')
        host = 'cinder-demo@demo'
        drv = importutils.import_object(
            conf.volume_driver, configuration=conf, host=host,
            cluster_name=None, is_vol_db_empty=False, active_backend_id=None)
        ctx = context.get_admin_context()
        drv.do_setup(ctx)
        drv.check_for_setup_error()
        drv.set_initialized()
        say('driver %s %s loaded by dotted path' % (type(drv).__name__,
                                                    drv.VERSION))

        def volume(size):
            return objects.Volume(
                context=ctx, id=str(uuid.uuid4()), _name_id=None, size=size,
                host='%s#%s' % (host, running.pool), status='creating',
                multiattach=False, volume_type_id=None,
                encryption_key_id=None, volume_attachment=objects.VolumeAttachmentList())

        vol = volume(1)
        update = drv.create_volume(vol)
        vol.provider_id = update['provider_id']
        vol.provider_location = update['provider_location']
        say('create_volume 1 GiB -> %s' % update['provider_location'])
        drv.extend_volume(vol, 2)
        vol.size = 2
        say('extend_volume -> %d bytes' % running.describe(vol)['size_bytes'])

        connector = {'host': running.hosts[0], 'initiator': None}
        info = drv.initialize_connection(vol, connector)
        say('initialize_connection on %s -> %s %s' % (
            connector['host'], info['driver_volume_type'],
            info['data'].get('device_path')))
        drv.terminate_connection(vol, connector)
        say('terminate_connection on %s' % connector['host'])

        if 'snapshots' in running.features:
            snap = objects.Snapshot(context=ctx, id=str(uuid.uuid4()),
                                    volume_id=vol.id, volume_size=vol.size,
                                    volume=vol, status='creating')
            snap.provider_id = drv.create_snapshot(snap)['provider_id']
            say('create_snapshot -> %s' % snap.provider_id)
            copy = volume(2)
            copy.provider_id = drv.create_volume_from_snapshot(
                copy, snap)['provider_id']
            say('create_volume_from_snapshot -> %s' % copy.provider_id)
            drv.delete_volume(copy)
            drv.delete_snapshot(snap)
            say('deleted the copy and the snapshot')
        else:
            say('(no snapshots on %s: the driver answers them with a clear error)'
                % kind)

        stats = drv.get_volume_stats(refresh=True)
        pool = stats['pools'][0]
        say('get_volume_stats: backend %s, pool %s, %s GiB total, %s GiB free, thin=%s'
            % (stats['volume_backend_name'], pool['pool_name'],
               pool['total_capacity_gb'], pool['free_capacity_gb'],
               pool.get('thin_provisioning_support')))
        drv.delete_volume(vol)
        drv.delete_volume(vol)
        say('delete_volume (twice: a delete of what is gone succeeds)')
    finally:
        running.stop()


def main(kinds):
    tempfile.tempdir = None
    for kind in kinds:
        try:
            demo(kind)
        except Exception as e:  # one line, not a traceback: demo.sh shows it
            print('demo-cinder: %s: %s: %s' % (kind, type(e).__name__, e), file=sys.stderr)
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:] or ['linstor']))
