"""Client failures: wrong token, unreachable bridge, leaky token file; the
listener (loopback TCP, or a Unix socket file of mode 0660)."""

import os
import shutil
import socket
import stat
import tempfile

import eventlet.greenio

from cinder import exception

from storage_bridge_cinder import client
from tests import base


class ClientTest(base.BridgeTestCase):

    def _token_file(self, content, mode):
        fd, path = tempfile.mkstemp()
        os.write(fd, content.encode())
        os.close(fd)
        os.chmod(path, mode)
        self.addCleanup(os.unlink, path)
        return path

    def test_wrong_token_fails_setup(self):
        path = self._token_file('wrong-token-0123456789abcdef', 0o600)
        drv = base.bridge_driver.BridgeVolumeDriver(
            configuration=base.configuration.Configuration(
                base.cinder_driver.volume_opts, config_group='wrongtoken'),
            host=base.HOST)
        self.override_config('bridge_token_file', path, group='wrongtoken')
        drv.do_setup(self.ctx)
        e = self.assertRaises(client.BridgeError, drv.check_for_setup_error)
        self.assertEqual('UNAUTHORIZED', e.code)
        self.assertNotIn('wrong-token', str(e))

    def test_token_file_readable_by_others_is_refused(self):
        path = self._token_file('x' * 32, 0o644)
        self.assertRaises(exception.VolumeBackendAPIException,
                          client.read_token, path)
        self.assertEqual('x' * 32, client.read_token(
            self._token_file('x' * 32, 0o640)))

    def test_unreachable_bridge_is_a_backend_error_after_retries(self):
        c = client.BridgeClient('http://127.0.0.1:9', 'b1',
                                self.bridge.token_file, 0.5, 1, 1,
                                retries=1)
        self.assertRaises(exception.VolumeBackendAPIException, c.health)

    def test_busy_bridge_is_retried(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(('127.0.0.1', 0))
        listener.listen(4)
        busy = b'{"error": {"code": "BACKEND_BUSY", "message": "busy"}}'
        ok = b'{"status": "ok", "version": "t", "backends": ["b1"]}'

        def serve():
            for status, body in ((b'503 Service Unavailable', busy),
                                 (b'200 OK', ok)):
                conn, _addr = listener.accept()
                conn.recv(65536)
                conn.sendall(b'HTTP/1.1 ' + status + b'\r\nContent-Type: '
                             b'application/json\r\nConnection: close\r\n'
                             b'Content-Length: ' + str(len(body)).encode()
                             + b'\r\n\r\n' + body)
                conn.close()
        eventlet.spawn(serve)
        c = client.BridgeClient('http://127.0.0.1:%d' %
                                listener.getsockname()[1], 'b1',
                                self.bridge.token_file, 1, 2, 2, retries=1)
        self.assertEqual('ok', c.health()['status'])

    def test_unknown_backend_fails_setup(self):
        drv = self.make_driver()
        drv.client.backend = 'nosuch'
        self.assertRaises(exception.VolumeBackendAPIException,
                          drv.check_for_setup_error)

    def test_listener(self):
        if self.bridge.socket_path is None:
            self.assertTrue(self.bridge.url.startswith('http://127.0.0.1:'),
                            self.bridge.url)
            return
        self.assertEqual('unix://' + self.bridge.socket_path, self.bridge.url)
        st = os.stat(self.bridge.socket_path)
        self.assertTrue(stat.S_ISSOCK(st.st_mode))
        self.assertEqual(0o660, stat.S_IMODE(st.st_mode))
        # Cinder's test base monkey-patches like cinder-volume: the driver's
        # Unix socket is a green one (a slow bridge stalls no other request)
        self.assertIs(eventlet.greenio.GreenSocket, client.socket.socket)
        # the token is still required on the socket
        status, body = self.bridge.post('stats', {}, token='x' * 24)
        self.assertEqual(401, status)

    def test_unix_socket_unreachable_or_silent(self):
        gone = client.BridgeClient('unix:///nonexistent/bridge.sock', 'b1',
                                   self.bridge.token_file, 0.5, 1, 1,
                                   retries=0)
        self.assertRaises(exception.VolumeBackendAPIException, gone.health)
        # a socket that accepts and never answers: the read timeout ends it
        path = os.path.join(tempfile.mkdtemp(), 'silent.sock')
        self.addCleanup(shutil.rmtree, os.path.dirname(path), True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(path)
        listener.listen(4)
        silent = client.BridgeClient('unix://' + path, 'b1',
                                     self.bridge.token_file, 0.5, 0.5, 0.5,
                                     retries=0)
        e = self.assertRaises(exception.VolumeBackendAPIException,
                              silent.health)
        self.assertIn('did not answer', str(e))
