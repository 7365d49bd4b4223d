"""Starts the real cinder-bridge (the built jar) for the tests.

The backend under test comes from CINDER_BRIDGE_TEST_BACKEND:

* ``sim`` (default): the file-backed simulator, in a temporary directory;
* ``linstor``: the simulated LINSTOR controller of linstor-sim.jar,
  started here;
* ``lvm``: the test bed's shared VG (TB_VG, hosts from TB_HOSTS over the
  test bed's SSH config); needs the test-bed environment;
* ``lvmlockd``: the lvmlockd VMs' shared VG (TB_LOCKD_VG, lock type sanlock)
  with thin volumes; needs the lockd VMs (testbed.sh lockd-up).
"""

import glob
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                    '..'))
JAR = os.path.join(REPO, 'cinder-bridge', 'target', 'cinder-bridge.jar')
LINSTOR_JAR = os.path.join(REPO, 'linstor-sim', 'target',
                           'linstor-sim.jar')
BACKEND_NAME = 'b1'

# What each backend can show here. 'attachments': the backend knows where a
# volume is attached (shared LVM cannot tell); 'devices': attaches make real
# block devices (shared LVM on the device-mapper VM host, TB_VMHOST); 'data':
# copies and wiping run there and their bytes are checked (on by default with
# the VM host; CINDER_BRIDGE_TEST_DATA_PATH=0 leaves them out).
FEATURES = {
    'sim': {'snapshots', 'group_snapshots', 'clone', 'image', 'attachments'},
    # LINSTOR lists every node holding a replica as a place the device exists
    'linstor': {'snapshots', 'group_snapshots', 'clone'},
    'lvm': set(),
    # thin volumes on the shared VG of the lvmlockd VMs: snapshots, and the
    # first VM is the device-mapper host where copies run and bytes are read
    'lvmlockd': {'snapshots', 'devices', 'data', 'clone', 'thin'},
}
START_TIMEOUT = 120
MIB = 1024 ** 2
# GNU dd on the VM host (its shell's own dd is busybox's)
GNU_DD = '/usr/bin/dd'
# the LVM programs the bridge runs (LvmTools.TOOLS), and a wrapper that runs
# one on a lockd VM over SSH, each argument quoted for the remote shell, on
# one shared connection (a new one to the emulated VM costs about a second;
# stop() closes it)
LVM_TOOLS = ('lvcreate', 'lvremove', 'lvextend', 'lvrename', 'lvchange',
             'vgchange', 'lvs', 'vgs', 'vgck', 'lvmconfig', 'lvmlockctl')
LVM_WRAPPER = r"""#!/bin/sh
# test bed only: this machine's @TOOL@ runs on the lvmlockd node @NODE@
cmd=@TOOL@
for a in "$@"; do
    q=$(printf '%s\n' "$a" | sed "s/'/'\\\\''/g")
    cmd="$cmd '$q'"
done
exec ssh -F @CONFIG@ -o ControlMaster=auto -o ControlPersist=120 \
    -o ControlPath=@DIR@/ssh-%C @NODE@ "$cmd"
"""


def backend_kind():
    return os.environ.get('CINDER_BRIDGE_TEST_BACKEND', 'sim')


def listen_mode():
    """'tcp' (127.0.0.1) or 'unix' (a socket file): CINDER_BRIDGE_TEST_LISTEN."""
    return os.environ.get('CINDER_BRIDGE_TEST_LISTEN', 'tcp')


class _UnixHTTPConnection(http.client.HTTPConnection):
    """http.client over the bridge's Unix socket, for raw checks."""

    def __init__(self, socket_path, timeout):
        super().__init__('localhost', timeout=timeout)
        self.socket_path = socket_path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class _Process(object):
    """A child process whose stderr is copied to a log file."""

    def __init__(self, argv, log_path, ready, env=None):
        self.log_path = log_path
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True,
                                     env=env)
        self.lines = []
        self._ready = threading.Event()
        self.match = None
        self._pattern = re.compile(ready)
        threading.Thread(target=self._drain, daemon=True).start()
        if not self._ready.wait(START_TIMEOUT) or self.match is None:
            self.stop()
            raise RuntimeError('%s did not start:\n%s' % (
                argv[:4], ''.join(self.lines[-30:])))

    def _drain(self):
        with open(self.log_path, 'a') as log:
            for line in self.proc.stderr:
                log.write(line)
                log.flush()
                self.lines.append(line)
                m = self._pattern.search(line)
                if m and self.match is None:
                    self.match = m
                    self._ready.set()
        self._ready.set()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class RunningBridge(object):
    """The bridge jar serving one backend named ``b1``."""

    def __init__(self, kind=None, wipe=False):
        """``wipe``: keep the backend's default wiping of deleted volumes
        where it can run (else ``zero_on_delete = false``: on the VM a wipe
        of each 1 GiB volume costs seconds, and only the data-path tests
        check it)."""
        self.kind = kind or backend_kind()
        self.wipe = wipe
        if not os.path.exists(JAR):
            raise RuntimeError('build the jar first: mvn -pl cinder-bridge '
                               '-am package -DskipTests (%s missing)' % JAR)
        self.dir = tempfile.mkdtemp(prefix='cinder-bridge-test-')
        os.chmod(self.dir, 0o755)
        self.image_dir = os.path.join(self.dir, 'images')
        os.mkdir(self.image_dir)
        self.token_file = os.path.join(self.dir, 'token')
        with open(os.open(self.token_file, os.O_WRONLY | os.O_CREAT, 0o600),
                  'w') as f:
            f.write(secrets.token_urlsafe(32) + '\n')
        self.helpers = []
        self.env = dict(os.environ)
        self.features = set(FEATURES[self.kind])
        lines, self.pool, self.hosts = getattr(self, '_' + self.kind)()
        self.config = os.path.join(self.dir, 'bridge.conf')
        self.socket_path = None
        if listen_mode() == 'unix':
            # in a directory the bridge creates
            self.socket_path = os.path.join(self.dir, 'run', 'bridge.sock')
        with open(self.config, 'w') as f:
            f.write('listen = %s\n' % ('unix:' + self.socket_path
                                       if self.socket_path
                                       else '127.0.0.1:0'))
            f.write('token_file = token\n')
            f.write('image_dir = images\n')
            for line in lines:
                f.write(line + '\n')
        self.process = None
        self.url = None
        self.start()

    # --- backends -------------------------------------------------------

    def _sim(self):
        state = os.path.join(self.dir, 'sim-state.json')
        return (['backend.%s.uri = sim://%s?pools=pool1:100G,thin1:200G:thin'
                 % (BACKEND_NAME, state)], 'pool1',
                ['compute-a', 'compute-b'])

    def _linstor(self):
        port = _free_port()
        sim = _Process(['java', '-jar', LINSTOR_JAR, 'sim-controller',
                        '--port', str(port), '--nodes',
                        'compute-a,compute-b,compute-c'],
                       os.path.join(self.dir, 'linstor-sim.log'),
                       r'listening on')
        self.helpers.append(sim)
        # pools are LINSTOR resource groups; the simulator has the default one
        return (['backend.%s.uri = linstor://127.0.0.1:%d' %
                 (BACKEND_NAME, port)], 'DfltRscGrp',
                ['compute-a', 'compute-b'])

    def _lvm(self):
        vg = os.environ['TB_VG']
        hosts = os.environ['TB_HOSTS'].split()
        lines = ['backend.%s.uri = lvm://%s' % (BACKEND_NAME, vg),
                 # the test bed's frontend is this machine: the VG's one
                 # metadata writer
                 'backend.%s.metadata_host = %s' % (BACKEND_NAME,
                                                    socket.gethostname())]
        vmhost = os.environ.get('TB_VMHOST')
        if vmhost:
            # the device-mapper VM: attaches there make real /dev/<vg>/<lv>
            # nodes, and copies and wiping run there (COPY_HOST)
            self.features.add('devices')
            hosts = [vmhost] + hosts
            lines.append('backend.%s.COPY_HOST = %s' % (BACKEND_NAME, vmhost))
            if os.environ.get('CINDER_BRIDGE_TEST_DATA_PATH', '1') != '0':
                self.features |= {'clone', 'image', 'data'}
                # the VM's shell runs busybox applets for a bare dd or
                # blkdiscard (no conv=sparse, no -z): name the real tools,
                # as an operator would for such a copy host
                lines.append('backend.%s.DD = /usr/bin/dd' % BACKEND_NAME)
                lines.append('backend.%s.BLKDISCARD = /usr/sbin/blkdiscard'
                             % BACKEND_NAME)
        if 'data' not in self.features:
            # no device-mapper to zero new volumes on (the namespace test bed
            # exports the same for the drivers: docs/operator-guide.md, "Data safety")
            lines.append('backend.%s.ZERO_LVM_ON_CREATE = no' % BACKEND_NAME)
        if 'data' not in self.features or not self.wipe:
            # wiping needs device-mapper
            lines.append('backend.%s.zero_on_delete = false' % BACKEND_NAME)
        return lines, vg, hosts[:2]

    def _lvmlockd(self):
        """A bridge next to OpenNebula on the lvmlockd VMs' shared VG: no
        metadata_host (a shared VG is written under LVM's VG lock by any
        node), thin volumes (LVM_THIN_ENABLE). The bridge's own LVM (its
        "local" commands) runs on the VM CINDER_BRIDGE_TEST_LVM_NODE (default
        the first) through wrappers first on its PATH: this machine's kernel
        cannot be an lvmlockd node. (LVM_COMMAND_PREFIX would not do: it is put
        before LVM commands on hosts too.) The first VM is the compute host
        (attaches) and the copy host, with its GNU dd and blkdiscard."""
        vg = os.environ['TB_LOCKD_VG']
        host = os.environ['TB_LOCKD_VMS'].split()[0]
        node = os.environ.get('CINDER_BRIDGE_TEST_LVM_NODE') or host
        wrappers = os.path.join(self.dir, 'lvm-on-' + node)
        os.mkdir(wrappers)
        for tool in LVM_TOOLS:
            path = os.path.join(wrappers, tool)
            with open(path, 'w') as f:
                f.write(LVM_WRAPPER.replace('@TOOL@', tool).replace(
                    '@NODE@', node).replace(
                        '@CONFIG@', os.environ['STORAGE_DRIVERS_SSH_CONFIG']
                    ).replace('@DIR@', self.dir))
            os.chmod(path, 0o755)
        self.env['PATH'] = wrappers + os.pathsep + self.env.get('PATH', '')
        b = 'backend.%s.' % BACKEND_NAME
        lines = [b + 'uri = lvm://' + vg,
                 b + 'LVM_THIN_ENABLE = yes',
                 b + 'COPY_HOST = ' + host,
                 b + 'DD = ' + GNU_DD,
                 b + 'BLKDISCARD = /usr/sbin/blkdiscard']
        if not self.wipe:
            lines.append(b + 'zero_on_delete = false')
        return lines, vg, [host]

    def run_on(self, host, *argv):
        """Runs argv on a test-bed host over SSH; returns the exit code."""
        return subprocess.run(
            ['ssh', '-F', os.environ['STORAGE_DRIVERS_SSH_CONFIG'], host,
             *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            timeout=120).returncode

    def _ssh(self, host, argv, data=None):
        # one connection per host for all checks (a connect to the emulated
        # VM costs about a second)
        r = subprocess.run(
            ['ssh', '-F', os.environ['STORAGE_DRIVERS_SSH_CONFIG'],
             '-o', 'ControlMaster=auto', '-o', 'ControlPersist=120',
             '-o', 'ControlPath=' + os.path.join(self.dir, 'ssh-%C'), host,
             *argv], input=data, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=300)
        if r.returncode != 0:
            raise AssertionError('%s on %s: exit %d: %s' % (
                argv, host, r.returncode, r.stderr.decode(errors='replace')))
        return r.stdout

    def write_device(self, host, device, offset_mib, data):
        """Writes ``data`` (whole MiB) into a block device on a host, at
        ``offset_mib``, with direct I/O (nothing left in the host's cache)."""
        assert len(data) % MIB == 0
        self._ssh(host, [GNU_DD, 'of=' + device, 'bs=1M',
                         'seek=%d' % offset_mib, 'iflag=fullblock',
                         'oflag=direct', 'conv=fsync,notrunc', 'status=none'],
                  data)

    def read_device(self, host, device, offset_mib, length_mib):
        """Reads ``length_mib`` MiB of a block device on a host (direct I/O:
        what the shared disk holds, not the host's cache)."""
        return self._ssh(host, [GNU_DD, 'if=' + device, 'bs=1M',
                                'skip=%d' % offset_mib,
                                'count=%d' % length_mib, 'iflag=direct',
                                'status=none'])

    def extents_on_disk(self, lv):
        """Where an LV of the test bed's VG lies on the shared disk, from
        the frontend's LVM metadata: [(byte offset, byte length), ...]."""
        def lvm(*argv):
            return subprocess.run(
                [*argv, '--noheadings', '--units', 'b', '--nosuffix'],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, check=True, timeout=60).stdout.split()
        vg = os.environ['TB_VG']
        extent = int(lvm('vgs', '-o', 'vg_extent_size', vg)[0])
        out = []
        for seg in lvm('lvs', '-o', 'seg_pe_ranges', '%s/%s' % (vg, lv)):
            pv, first, last = re.match(r'^(.+):(\d+)-(\d+)$', seg).groups()
            assert pv == os.environ['TB_LOOP'], seg
            pe_start = int(lvm('pvs', '-o', 'pe_start', pv)[0])
            out.append((pe_start + int(first) * extent,
                        (int(last) - int(first) + 1) * extent))
        return out

    @staticmethod
    def read_shared_disk(offset, length):
        """Bytes of the shared disk itself (the test bed's loop device)."""
        assert offset % MIB == 0 and length % MIB == 0
        return subprocess.run(
            ['dd', 'if=' + os.environ['TB_LOOP'], 'bs=1M',
             'skip=%d' % (offset // MIB), 'count=%d' % (length // MIB),
             'iflag=direct', 'status=none'], stdout=subprocess.PIPE,
            check=True, timeout=120).stdout

    # --- process --------------------------------------------------------

    def start(self):
        self.process = _Process(
            ['java', '-jar', JAR, 'serve', '--config', self.config],
            os.path.join(self.dir, 'bridge.log'),
            r'listening on ((?:https?|unix)://\S+)', env=self.env)
        self.url = self.process.match.group(1)

    def restart(self):
        self.process.stop()
        self.start()

    def stop(self):
        if self.process:
            self.process.stop()
        for sock in glob.glob(os.path.join(self.dir, 'ssh-*')):
            subprocess.run(['ssh', '-o', 'ControlPath=' + sock, '-O', 'exit',
                            'unused'], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=30)
        for h in self.helpers:
            h.stop()
        if os.environ.get('CINDER_BRIDGE_TEST_KEEP'):
            print('bridge test files kept in', self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log(self):
        with open(os.path.join(self.dir, 'bridge.log')) as f:
            return f.read()

    # --- raw API access, for checks -------------------------------------

    def token(self):
        with open(self.token_file) as f:
            return f.read().strip()

    def post(self, op, body, token=None):
        path = '/v1/%s/%s' % (BACKEND_NAME, op)
        headers = {'Authorization': 'Bearer ' + (token or self.token()),
                   'Content-Type': 'application/json'}
        if self.socket_path:
            conn = _UnixHTTPConnection(self.socket_path, 60)
            try:
                conn.request('POST', path, json.dumps(body).encode(), headers)
                r = conn.getresponse()
                return r.status, json.loads(r.read() or b'{}')
            finally:
                conn.close()
        req = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), method='POST',
            headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b'{}')

    def describe(self, volume):
        """What the backend holds for a Cinder volume object."""
        pool = volume.host.split('#')[1] if '#' in (volume.host or '') \
            else None
        status, body = self.post('describe_volume', {'volume': {
            'name_id': volume.name_id,
            'provider_id': volume.get('provider_id'), 'pool': pool}})
        assert status == 200, body
        return body


def wait_until(predicate, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()
