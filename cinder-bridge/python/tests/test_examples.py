"""examples/cinder/cinder.conf, the stanza operators paste into cinder.conf,
read verbatim by oslo.config with the options Cinder and our driver register.

Every value must come out as written (oslo.config keeps a trailing
"# comment" as part of the value), the commented-out options must parse and
state the driver's real defaults, and the stanza must name a backend and the
token file of examples/cinder/cinder-bridge.conf.
"""

import configparser
import os
import re
import tempfile
import unittest
from urllib import parse

from oslo_config import cfg
from oslo_utils import importutils

from cinder import objects
objects.register_all()

from cinder.common import config as cinder_config  # noqa: E402
from cinder.volume import driver as cinder_driver  # noqa: E402
from cinder.volume import manager as cinder_manager  # noqa: E402

from storage_bridge_cinder import driver  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
EXAMPLE = os.path.join(ROOT, 'examples', 'cinder', 'cinder.conf')
BRIDGE_EXAMPLE = os.path.join(ROOT, 'examples', 'cinder',
                              'cinder-bridge.conf')
GROUP = 'storage-drivers'


def load(path):
    conf = cfg.ConfigOpts()
    conf.register_opts(cinder_config.global_opts)
    conf.register_opts(cinder_manager.volume_backend_opts, group=GROUP)
    conf.register_opts(cinder_driver.volume_opts, group=GROUP)
    conf.register_opts(driver.bridge_opts, group=GROUP)
    conf(args=[], project='cinder', default_config_files=[path])
    return conf


def bridge_properties():
    """key -> value of the bridge example (properties: key = value lines)."""
    out = {}
    with open(BRIDGE_EXAMPLE, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                key, _sep, value = line.partition('=')
                out[key.strip()] = value.strip()
    return out


class CinderConfExampleTest(unittest.TestCase):

    def test_every_key_is_an_option_and_no_value_has_a_comment(self):
        raw = configparser.RawConfigParser()
        raw.read(EXAMPLE, encoding='utf-8')
        names = {o.dest for o in cinder_manager.volume_backend_opts +
                 cinder_driver.volume_opts + driver.bridge_opts}
        self.assertEqual(['storage-drivers'], raw.sections())
        for key, value in raw.items(GROUP):
            if key in raw.defaults():
                continue
            self.assertIn(key, names)
            self.assertNotIn('#', value, key)

    def test_values_as_the_driver_reads_them(self):
        conf = load(EXAMPLE)
        self.assertEqual([GROUP], conf.enabled_backends)
        g = conf[GROUP]
        cls = importutils.import_class(g.volume_driver)
        self.assertIs(driver.BridgeVolumeDriver, cls)
        self.assertEqual(GROUP, g.volume_backend_name)
        url = parse.urlsplit(g.bridge_url)
        self.assertEqual(('http', '127.0.0.1', 7390),
                         (url.scheme, url.hostname, url.port))
        self.assertEqual('', url.path)
        bridge = bridge_properties()
        self.assertEqual(bridge['token_file'], g.bridge_token_file)
        self.assertIn('backend.%s.uri' % g.bridge_backend, bridge)
        self.assertEqual(bridge['listen'],
                         '%s:%d' % (url.hostname, url.port))

    def test_commented_out_options_state_the_defaults(self):
        with open(EXAMPLE, encoding='utf-8') as f:
            text = f.read()
        commented = re.findall(r'^#(bridge_\w+) = (.*)$', text, re.M)
        self.assertGreaterEqual(len(commented), 7)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'cinder.conf')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(re.sub(r'^#(bridge_\w+ = )', r'\1', text, flags=re.M))
            g = load(path)[GROUP]
        defaults = {o.dest: o.default for o in driver.bridge_opts}
        for name, _value in commented:
            if defaults[name] is not None:
                self.assertEqual(defaults[name], g[name], name)


if __name__ == '__main__':
    unittest.main()
