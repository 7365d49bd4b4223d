"""Image to volume: downloaded into the bridge's image_dir as raw and
written by the bridge (bridge_image_dir set); on the device-mapper VM host
the volume is read back and holds the image's bytes."""

import hashlib
import os
import shutil
import subprocess
import tempfile
import uuid

from tests import base
from tests.bridge import MIB


class FakeImageService(object):
    """Stands in for Glance: one image file."""

    temp_images = None

    def __init__(self, path, disk_format):
        self.path = path
        self.disk_format = disk_format

    def show(self, context, image_id):
        return {'id': image_id, 'disk_format': self.disk_format,
                'container_format': 'bare', 'status': 'active',
                'size': os.path.getsize(self.path), 'properties': {}}

    def download(self, context, image_id, data=None):
        with open(self.path, 'rb') as f:
            shutil.copyfileobj(f, data)


class ImageTest(base.BridgeTestCase):

    def setUp(self):
        super().setUp()
        self.work = tempfile.mkdtemp(prefix='bridge-image-')
        self.addCleanup(shutil.rmtree, self.work, True)
        # random bytes, not a whole number of blocks; as qcow2, what Glance
        # usually holds (Cinder converts it to raw before the bridge sees it)
        self.image = os.urandom(5 * MIB + 1000)
        raw = os.path.join(self.work, 'image.raw')
        with open(raw, 'wb') as f:
            f.write(self.image)
        self.qcow2 = os.path.join(self.work, 'image.qcow2')
        subprocess.run(['qemu-img', 'convert', '-q', '-f', 'raw', '-O',
                        'qcow2', raw, self.qcow2], check=True)

    def test_qcow2_image_is_written_by_the_bridge(self):
        self.require('image')
        drv = self.make_driver(bridge_image_dir=self.bridge.image_dir)
        vol = self.volume(size=1)
        vol.provider_id = drv.create_volume(vol)['provider_id']
        drv.copy_image_to_volume(self.ctx, vol,
                                 FakeImageService(self.qcow2, 'qcow2'),
                                 str(uuid.uuid4()))
        # the temporary raw file is gone, the volume holds the image
        self.assertEqual([], os.listdir(self.bridge.image_dir))
        desc = self.bridge.describe(vol)
        if self.bridge.kind == 'sim':
            content = desc['properties']['content']
            self.assertTrue(content.startswith('image:' +
                                               os.path.realpath(
                                                   self.bridge.image_dir)),
                            content)
            self.assertTrue(content.endswith(':raw'), content)
        if 'data' in self.bridge.features:
            # the device-mapper VM host: the bytes, read through an attach
            host = self.bridge.hosts[0]
            dev = drv.initialize_connection(vol, {'host': host})['data'][
                'device_path']
            try:
                got = self.bridge.read_device(host, dev, 0, 6)
            finally:
                drv.terminate_connection(vol, {'host': host})
            self.assertEqual(hashlib.sha256(self.image).hexdigest(),
                             hashlib.sha256(got[:len(self.image)]).hexdigest())
        drv.delete_volume(vol)

    def test_image_outside_the_image_dir_is_refused(self):
        drv = self.make_driver()
        vol = self.volume(size=1)
        vol.provider_id = drv.create_volume(vol)['provider_id']
        status, body = self.bridge.post('copy_image_to_volume', {
            'volume': {'name_id': vol.name_id, 'pool': self.bridge.pool},
            'image': {'path': self.qcow2}})
        self.assertEqual(400, status, body)
        drv.delete_volume(vol)
