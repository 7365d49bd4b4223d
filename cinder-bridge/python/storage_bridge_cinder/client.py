"""HTTP client of the cinder-bridge: JSON over HTTP(S) with a bearer token.

One request per driver call, through ``requests`` (green under eventlet's
monkey patching, so a slow bridge never stalls the cinder-volume process),
always with a connect and a read timeout, to ``http(s)://host:port`` or to a
Unix socket (``unix:///path``). Errors of the bridge are turned
into the Cinder exceptions the volume manager understands.
"""

import os
import socket
import stat
import time

from oslo_log import log as logging
import requests
import requests.adapters
import urllib3
import urllib3.connection
import urllib3.connectionpool
import urllib3.exceptions

from cinder import exception
from cinder.i18n import _

LOG = logging.getLogger(__name__)

# Bridge error codes that mean "in use, try later": the manager puts the
# volume or snapshot back to 'available' instead of 'error_deleting'.
VOLUME_BUSY = 'VOLUME_BUSY'
SNAPSHOT_BUSY = 'SNAPSHOT_BUSY'
INVALID_CONNECTOR = 'INVALID_CONNECTOR'


class BridgeError(exception.VolumeBackendAPIException):
    """A failure answered by the bridge, with its error code."""

    def __init__(self, code, message):
        super().__init__(data=message)
        self.code = code


def read_token(path):
    """Reads the bearer token; refuses a file that others may read."""
    try:
        st = os.stat(path)
        with open(path, encoding='utf-8') as f:
            token = f.read().strip()
    except OSError as e:
        raise exception.VolumeBackendAPIException(
            data=_('cannot read bridge token file %(p)s: %(e)s') %
            {'p': path, 'e': e.strerror})
    if st.st_mode & (stat.S_IRWXO | stat.S_IWGRP):
        raise exception.VolumeBackendAPIException(
            data=_('bridge token file %s is writable by its group or '
                   'accessible by others; chmod 0640') % path)
    if not token:
        raise exception.VolumeBackendAPIException(
            data=_('bridge token file %s is empty') % path)
    return token


# --- HTTP over a Unix socket ---------------------------------------------------
# bridge_url = unix:///run/storage-drivers/cinder-bridge.sock: requests speaks
# HTTP/1.1 through an adapter whose connections open an AF_UNIX socket. The
# socket comes from the socket module at call time, so under cinder-volume's
# eventlet monkey patching it is green like every other requests socket.

UNIX_SCHEME = 'unix://'
_UNIX_PREFIX = 'http+unix://'
_UNIX_BASE = _UNIX_PREFIX + 'cinder-bridge'


class _UnixConnection(urllib3.connection.HTTPConnection):
    socket_path = None

    def _new_conn(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            raise urllib3.exceptions.NewConnectionError(
                self, 'cannot connect to %s' % self.socket_path)
        return sock


class _UnixPool(urllib3.connectionpool.HTTPConnectionPool):

    def __init__(self, socket_path):
        super().__init__('localhost')
        self.socket_path = socket_path

    def _new_conn(self):
        self.num_connections += 1
        conn = _UnixConnection('localhost',
                               timeout=self.timeout.connect_timeout)
        conn.socket_path = self.socket_path
        return conn


class _UnixAdapter(requests.adapters.HTTPAdapter):

    def __init__(self, socket_path):
        super().__init__(max_retries=0)
        self._pool = _UnixPool(socket_path)

    # requests < 2.32 calls the first, later versions the second
    def get_connection(self, url, proxies=None):
        return self._pool

    def get_connection_with_tls_context(self, request, verify, proxies=None,
                                        cert=None):
        return self._pool

    def request_url(self, request, proxies):
        return request.path_url  # never a proxy's absolute form

    def close(self):
        self._pool.close()
        super().close()


class BridgeClient(object):
    """Talks to one backend of the bridge: ``<url>/v1/<backend>/<op>``."""

    def __init__(self, url, backend, token_file, connect_timeout,
                 read_timeout, long_read_timeout, ca_file=None, retries=3):
        self.base = url.rstrip('/')
        self.backend = backend
        self.token_file = token_file
        self.token = read_token(token_file)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.long_read_timeout = long_read_timeout
        self.verify = ca_file if ca_file else True
        self.retries = retries
        self.session = requests.Session()
        self._unix_path = None

    def _url(self, path):
        """The request URL; for ``unix:///path`` the socket's adapter."""
        if not self.base.startswith(UNIX_SCHEME):
            return self.base + path
        socket_path = self.base[len(UNIX_SCHEME):]
        if socket_path != self._unix_path:
            self.session.mount(_UNIX_PREFIX, _UnixAdapter(socket_path))
            self._unix_path = socket_path
        return _UNIX_BASE + path

    def health(self):
        return self._request('GET', '/v1/health', None, self.read_timeout)

    def stats(self):
        return self._request('GET', self._path('stats'), None,
                             self.read_timeout)

    def call(self, op, body, long_running=False):
        """POSTs an operation; long-running ones (copies) get the long read timeout."""
        timeout = self.long_read_timeout if long_running else self.read_timeout
        return self._request('POST', self._path(op), body, timeout)

    def _path(self, op):
        return '/v1/%s/%s' % (self.backend, op)

    def _request(self, method, path, body, read_timeout):
        url = self._url(path)
        attempt = 0
        reread_token = True
        while True:
            attempt += 1
            try:
                resp = self.session.request(
                    method, url, json=body,
                    headers={'Authorization': 'Bearer ' + self.token},
                    timeout=(self.connect_timeout, read_timeout),
                    verify=self.verify)
            except requests.exceptions.ConnectionError as e:
                # Nothing reached the bridge (refused, reset, restarting):
                # every operation is idempotent, so trying again is safe.
                if attempt > self.retries:
                    raise exception.VolumeBackendAPIException(
                        data=_('cinder-bridge at %(u)s unreachable: %(e)s') %
                        {'u': self.base, 'e': type(e).__name__})
                LOG.warning('cinder-bridge %s unreachable (%s), retry %d',
                            self.base, type(e).__name__, attempt)
                time.sleep(min(2 ** (attempt - 1), 8))
                continue
            except requests.exceptions.Timeout:
                raise exception.VolumeBackendAPIException(
                    data=_('cinder-bridge %(p)s did not answer within '
                           '%(t)s s') % {'p': path, 't': read_timeout})
            if resp.status_code == 401 and reread_token:
                # The token may have been rotated: read it once more.
                reread_token = False
                self.token = read_token(self.token_file)
                continue
            if resp.status_code == 503 and attempt <= self.retries:
                # The bridge (BUSY) or this backend (BACKEND_BUSY) had no
                # room: nothing was done, every operation is idempotent.
                LOG.warning('cinder-bridge busy for %s, retry %d', path,
                            attempt)
                time.sleep(min(2 ** (attempt - 1), 8))
                continue
            return self._decode(path, resp)

    @staticmethod
    def _decode(path, resp):
        try:
            payload = resp.json()
        except ValueError:
            payload = None
        if resp.status_code == 200 and isinstance(payload, dict):
            return payload
        err = (payload or {}).get('error') or {}
        code = err.get('code', 'HTTP_%d' % resp.status_code)
        message = err.get('message') or resp.reason
        LOG.error('cinder-bridge %s failed: %s %s', path, code, message)
        raise BridgeError(code, message)
