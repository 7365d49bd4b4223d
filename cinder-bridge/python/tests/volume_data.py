"""Volumes with data on a device-mapper host, for the data-path tests:
created through the driver (deleted at the end of the test), written and read
through attaches there, regions checked with SHA-256."""

import hashlib
import os

from tests.bridge import MIB


def sha(data):
    return hashlib.sha256(data).hexdigest()


class VolumeData(object):
    """Mixin for a BridgeTestCase whose setUp sets ``self.drv`` and
    ``self.host`` (a device-mapper host of the bridge)."""

    def _create(self, size=1):
        vol = self.volume(size=size)
        vol.provider_id = self.drv.create_volume(vol)['provider_id']
        self.addCleanup(self._delete, vol)
        return vol

    def _delete(self, vol):
        self.drv.terminate_connection(vol, None, force=True)
        self.drv.delete_volume(vol)

    def _attach(self, vol):
        info = self.drv.initialize_connection(vol, {'host': self.host})
        return info['data']['device_path']

    def _detach(self, vol):
        self.assertFalse(self.drv.terminate_connection(vol,
                                                       {'host': self.host}))

    def _write(self, vol, regions):
        """Writes random MiB at {offset_mib: length_mib}; returns their
        checksums."""
        dev = self._attach(vol)
        sums = {}
        for offset, length in regions.items():
            data = os.urandom(length * MIB)
            self.bridge.write_device(self.host, dev, offset, data)
            sums[offset] = sha(data)
        self._detach(vol)
        return sums

    def _read(self, vol, regions):
        dev = self._attach(vol)
        try:
            return {offset: sha(self.bridge.read_device(self.host, dev,
                                                        offset, length))
                    for offset, length in regions.items()}
        finally:
            self._detach(vol)
