"""Shared set-up: Cinder's own unit-test base class plus a running bridge."""

import uuid

from cinder import objects
objects.register_all()  # before anything imports cinder.volume.manager

from cinder import context  # noqa: E402
from cinder.tests.unit import fake_snapshot  # noqa: E402
from cinder.tests.unit import fake_volume  # noqa: E402
from cinder.tests.unit import test  # noqa: E402
from cinder.volume import configuration  # noqa: E402
from cinder.volume import driver as cinder_driver  # noqa: E402

from storage_bridge_cinder import driver as bridge_driver  # noqa: E402
from tests import bridge  # noqa: E402

BACKEND_SECTION = 'bridgetest'
HOST = 'hostA@' + BACKEND_SECTION


class BridgeTestCase(test.TestCase):
    """Each test class gets one running bridge (started from the jar)."""

    bridge = None
    wipe = False  # see RunningBridge

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bridge = bridge.RunningBridge(wipe=cls.wipe)

    @classmethod
    def tearDownClass(cls):
        if cls.bridge:
            cls.bridge.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.ctx = context.get_admin_context()
        group = configuration.SHARED_CONF_GROUP
        self.override_config('bridge_url', self.bridge.url, group=group)
        self.override_config('bridge_token_file', self.bridge.token_file,
                             group=group)
        self.override_config('bridge_backend', bridge.BACKEND_NAME,
                             group=group)
        self.override_config('bridge_retries', 0, group=group)

    def make_driver(self, **overrides):
        conf = configuration.Configuration(cinder_driver.volume_opts,
                                           config_group=BACKEND_SECTION)
        drv = bridge_driver.BridgeVolumeDriver(configuration=conf,
                                               host=HOST)
        for k, v in overrides.items():
            self.override_config(k, v, group=BACKEND_SECTION)
        drv.do_setup(self.ctx)
        drv.check_for_setup_error()
        drv.set_initialized()
        return drv

    def volume(self, size=1, **kw):
        kw.setdefault('id', str(uuid.uuid4()))
        kw.setdefault('host', '%s#%s' % (HOST, self.bridge.pool))
        return fake_volume.fake_volume_obj(self.ctx, size=size, **kw)

    def snapshot(self, volume):
        return fake_snapshot.fake_snapshot_obj(
            self.ctx, id=str(uuid.uuid4()), volume_id=volume.id,
            volume_size=volume.size, volume=volume)

    def require(self, feature):
        if feature not in self.bridge.features:
            self.skipTest('backend %s: no %s here' % (self.bridge.kind,
                                                      feature))

    def attached_on(self, volume):
        """Hosts the backend reports, or None when it cannot tell."""
        if 'attachments' not in self.bridge.features:
            return None
        return self.bridge.describe(volume)['attached_on']

    def exists(self, volume):
        return self.bridge.describe(volume)['exists']
