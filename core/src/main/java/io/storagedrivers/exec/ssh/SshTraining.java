package io.storagedrivers.exec.ssh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.Signature;
import com.jcraft.jsch.SocketFactory;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;

/**
 * The SSH client's share of a class-data-sharing training run ({@code cds-train}): loads the classes
 * a cold action's first connection loads, without a network and without reading or writing a file.
 * An SSH config is parsed from text; key pairs of every type we accept are made in memory, written
 * and read back as OpenSSH files would be (identities), and listed, plain and hashed, in an in-memory
 * known_hosts; a JSch session is set up as {@link SshConnector} sets it up and connects through a
 * socket factory whose "server" is a canned byte stream: an OpenSSH version line and KEXINIT, then
 * the end of the stream. JSch itself then checks its ciphers, MACs, key exchanges and signatures as
 * at every connect, negotiates and starts the key exchange, and fails at the missing reply. What a
 * handshake does after that (host key signature, MACs, user authentication) runs here on the same
 * algorithm classes. Each step is independent: a failing one is reported and the others still run.
 */
public final class SshTraining {

    private static final String HOST = "cds-training.invalid";
    /** What Debian 12's sshd offers, in its order (sshd -T); JSch's own preferences pick from it. */
    private static final String[] SERVER_KEXINIT = {
        "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
                + "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
                + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,"
                + "kex-strict-s-v00@openssh.com",
        "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
                + "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,hmac-sha2-256,hmac-sha2-512",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
                + "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,hmac-sha2-256,hmac-sha2-512",
        "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""};

    /** Classes of a real connection the steps above cannot reach without a peer, loaded by name. */
    private static final List<String> CONNECT_CLASSES = List.of("sun.net.NetHooks", "sun.net.NetHooks$Provider",
            "sun.net.sdp.SdpProvider", "java.net.Socket$SocketInputStream", "java.net.Socket$SocketOutputStream",
            "sun.nio.ch.NioSocketImpl$1", "sun.nio.ch.NioSocketImpl$2", "java.net.SocksSocketImpl$3",
            "java.net.SocketException", "com.jcraft.jsch.UserAuth", "com.jcraft.jsch.UserAuthNone",
            "com.jcraft.jsch.UserAuthPublicKey", "javax.crypto.NullCipher", "java.util.Vector$Itr",
            "io.storagedrivers.exec.ssh.DefaultRunners$Shared", "java.util.concurrent.CompletableFuture$Signaller");

    private SshTraining() {
    }

    private static Object instance(String jschName) throws ReflectiveOperationException {
        return Class.forName(JSch.getConfig(jschName)).getDeclaredConstructor().newInstance();
    }

    /** Runs every step; returns one line per step that failed (empty: all ran). */
    public static List<String> run() {
        List<String> failed = new ArrayList<>();
        JSch jsch = new JSch();
        List<KeyPair> keys = new ArrayList<>();
        step(failed, "ssh config", () -> {
            HostSettings s = SshConfig.parse("Host " + HOST + "\n  HostName 192.0.2.1\n  User oneadmin\n  Port 22\n"
                    + "  ConnectTimeout 5\n  IdentityFile ~/.ssh/id_ed25519\n\nHost *\n  StrictHostKeyChecking yes\n")
                    .resolve(HOST);
            new SshCommandRunner(s).close(); // never connected: the connection opens on the first command
            try (DefaultRunners process = DefaultRunners.fromEnvironment()) {
                process.local().where(); // the process's runners as an action makes them; no host asked
            }
        });
        step(failed, "key pairs", () -> {
            keys.add(KeyPair.genKeyPair(jsch, KeyPair.ED25519));
            keys.add(KeyPair.genKeyPair(jsch, KeyPair.ECDSA, 256));
            keys.add(KeyPair.genKeyPair(jsch, KeyPair.RSA, 2048));
        });
        step(failed, "identities", () -> {
            for (KeyPair k : keys) {
                ByteArrayOutputStream prv = new ByteArrayOutputStream();
                ByteArrayOutputStream pub = new ByteArrayOutputStream();
                k.writeOpenSSHv1PrivateKey(prv, null);
                k.writePublicKey(pub, "cds");
                jsch.addIdentity(k.getKeyTypeString(), prv.toByteArray(), pub.toByteArray(), null);
                KeyPair.load(jsch, prv.toByteArray(), pub.toByteArray()).getFingerPrint();
            }
        });
        step(failed, "known hosts", () -> {
            StringBuilder known = new StringBuilder();
            for (KeyPair k : keys) {
                String blob = Base64.getEncoder().encodeToString(k.getPublicKeyBlob());
                known.append(HOST).append(' ').append(k.getKeyTypeString()).append(' ').append(blob).append('\n');
                known.append(hashedHost(HOST)).append(' ').append(k.getKeyTypeString()).append(' ').append(blob).append('\n');
            }
            jsch.setKnownHosts(new ByteArrayInputStream(known.toString().getBytes(StandardCharsets.US_ASCII)));
            for (KeyPair k : keys) {
                jsch.getHostKeyRepository().check(HOST, k.getPublicKeyBlob());
            }
        });
        step(failed, "handshake start", () -> handshake(jsch));
        step(failed, "signatures", () -> {
            byte[] data = "cds-training".getBytes(StandardCharsets.US_ASCII);
            for (KeyPair k : keys) {
                for (String alg : algorithms(k)) {
                    Signature v = k.getVerifier(alg);
                    v.update(data);
                    if (!v.verify(k.getSignature(data, alg))) {
                        throw new IllegalStateException(alg + " signature did not verify");
                    }
                }
            }
        });
        step(failed, "key exchange", () -> {
            // the shared secret of curve25519-sha256 and ecdh-sha2-nistp256, as both ends compute it
            com.jcraft.jsch.XDH a = (com.jcraft.jsch.XDH) instance("xdh");
            com.jcraft.jsch.XDH b = (com.jcraft.jsch.XDH) instance("xdh");
            a.init("X25519", 32);
            b.init("X25519", 32);
            if (!a.validate(b.getQ()) || !java.util.Arrays.equals(a.getSecret(b.getQ()), b.getSecret(a.getQ()))) {
                throw new IllegalStateException("X25519 secrets differ");
            }
            com.jcraft.jsch.ECDH e = (com.jcraft.jsch.ECDH) instance("ecdh-sha2-nistp");
            e.init(256);
            e.getQ();
            for (String hash : List.of("sha-256", "sha-512")) {
                com.jcraft.jsch.HASH h = (com.jcraft.jsch.HASH) instance(hash);
                h.init();
                h.update(new byte[64], 0, 64);
                h.digest();
            }
        });
        step(failed, "ciphers", () -> {
            for (String name : JSch.getConfig("cipher.c2s").split(",")) {
                for (int mode : new int[] {com.jcraft.jsch.Cipher.ENCRYPT_MODE, com.jcraft.jsch.Cipher.DECRYPT_MODE}) {
                    com.jcraft.jsch.Cipher c = (com.jcraft.jsch.Cipher) instance(name);
                    c.init(mode, new byte[32], new byte[c.getIVSize()]);
                    byte[] block = new byte[c.getBlockSize() * 2 + c.getTagSize()];
                    if (c.isAEAD()) {
                        c.updateAAD(block, 0, 4);
                        if (mode == com.jcraft.jsch.Cipher.ENCRYPT_MODE) {
                            c.doFinal(block, 4, c.getBlockSize(), block, 4);
                        }
                    } else {
                        c.update(block, 0, c.getBlockSize(), block, 0);
                    }
                }
            }
        });
        step(failed, "connect path", () -> {
            // what Socket.connect and the session's authentication load, without connecting
            java.net.ProxySelector.getDefault().select(java.net.URI.create("socket://192.0.2.1:22"));
            new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 22)
                    .getHostString();
            io.storagedrivers.cds.ClassesByName.load(CONNECT_CLASSES, SshTraining.class.getClassLoader());
        });
        step(failed, "connect ahead", () -> {
            // a cold action's Runners.connectAhead and first host command, down to SshConnector,
            // which refuses this host's ProxyJump before it reads a file or opens a socket
            SshConfig cfg = SshConfig.parse("Host " + HOST + "\n  HostName 192.0.2.1\n  ProxyJump " + HOST + "\n");
            try (DefaultRunners runners = new DefaultRunners(cfg, java.util.Set.of())) {
                runners.connectAhead(HOST);
                runners.host(HOST).run(Command.of("true").withTimeout(Duration.ofSeconds(5)));
                throw new IllegalStateException("a command ran through a refused connection");
            } catch (io.storagedrivers.exec.CommandFailedException expected) {
                // the refusal, in the words the first command gets
            }
        });
        step(failed, "macs", () -> {
            for (String name : JSch.getConfig("mac.c2s").split(",")) {
                com.jcraft.jsch.MAC mac = (com.jcraft.jsch.MAC) instance(name);
                mac.init(new byte[mac.getBlockSize()]);
                mac.update(1);
                mac.update(new byte[64], 0, 64);
                mac.doFinal(new byte[mac.getBlockSize()], 0);
            }
        });
        step(failed, "remote commands", () -> {
            Command one = Command.of("lvs", "--reportformat", "json", "vg/lv").withTimeout(Duration.ofSeconds(5));
            RemoteCommandLine.of(one);
            RemoteBatch batch = new RemoteBatch(List.of(one, Command.of("true")));
            RemoteCommandLine.of(batch.command());
            CommandResult none = new CommandResult(batch.command(), 0, new byte[0], "", false);
            try {
                batch.results(none, HOST);
            } catch (RuntimeException expected) {
                // an empty reply is not a batch's reply: the failure path is trained too
            }
        });
        keys.forEach(KeyPair::dispose);
        return failed;
    }

    /** A session set up as {@link SshConnector} does, connected to a server that stops after its KEXINIT. */
    private static void handshake(JSch jsch) throws Exception {
        Session session = jsch.getSession("oneadmin", HOST, 22);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        session.setDaemonThread(true);
        session.setServerAliveCountMax(3);
        session.setServerAliveInterval(15_000);
        session.setSocketFactory(new CannedServer());
        try {
            session.connect(5_000);
            throw new IllegalStateException("the canned server cannot complete a key exchange");
        } catch (com.jcraft.jsch.JSchException expected) {
            // the end of the canned stream, after JSch sent its key exchange init
        } finally {
            session.disconnect();
        }
        Class.forName("com.jcraft.jsch.ChannelExec");
    }

    private static List<String> algorithms(KeyPair k) {
        return switch (k.getKeyType()) {
            case KeyPair.RSA -> List.of("rsa-sha2-512", "rsa-sha2-256");
            case KeyPair.ECDSA -> List.of("ecdsa-sha2-nistp256");
            default -> List.of(k.getKeyTypeString());
        };
    }

    /** known_hosts' hashed form of a host name (HashKnownHosts): |1|salt|HMAC-SHA1(salt, host). */
    private static String hashedHost(String host) throws Exception {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(host.getBytes(StandardCharsets.US_ASCII));
        Base64.Encoder b64 = Base64.getEncoder();
        return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash);
    }

    /** The server side: a version line and an unencrypted KEXINIT packet, then end of stream. */
    static byte[] serverHello() {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(20); // SSH_MSG_KEXINIT
        payload.writeBytes(new byte[16]); // cookie
        for (String list : SERVER_KEXINIT) {
            byte[] b = list.getBytes(StandardCharsets.US_ASCII);
            payload.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            payload.writeBytes(b);
        }
        payload.write(0); // first_kex_packet_follows
        payload.writeBytes(new byte[4]); // reserved
        int padding = 8 - (payload.size() + 5) % 8;
        padding = padding < 4 ? padding + 8 : padding;
        ByteBuffer packet = ByteBuffer.allocate(4 + 1 + payload.size() + padding);
        packet.putInt(1 + payload.size() + padding).put((byte) padding).put(payload.toByteArray()).put(new byte[padding]);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".getBytes(StandardCharsets.US_ASCII));
        all.writeBytes(packet.array());
        return all.toByteArray();
    }

    /** JSch's socket factory for the canned server: an unconnected socket, streams in memory. */
    private static final class CannedServer implements SocketFactory {
        @Override
        public Socket createSocket(String host, int port) {
            return new Socket();
        }

        @Override
        public InputStream getInputStream(Socket socket) {
            return new ByteArrayInputStream(serverHello());
        }

        @Override
        public OutputStream getOutputStream(Socket socket) {
            return OutputStream.nullOutputStream();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void step(List<String> failed, String name, Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            failed.add(name + ": " + e);
        }
    }
}
