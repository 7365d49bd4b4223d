package io.storagedrivers.cinderbridge;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.storagedrivers.cinderbridge.http.ApiHandler;
import io.storagedrivers.cinderbridge.http.BearerAuth;
import io.storagedrivers.cinderbridge.http.BridgeListener;
import io.storagedrivers.cinderbridge.http.BridgeServer;
import io.storagedrivers.cinderbridge.http.SecretFile;
import io.storagedrivers.cinderbridge.http.UnixHttpServer;
import io.storagedrivers.cinderbridge.ops.BridgeBackend;
import io.storagedrivers.cinderbridge.ops.ImageProbe;
import io.storagedrivers.cinderbridge.ops.Operations;
import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.exec.CommandLog;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.backends.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve --config FILE}: runs the bridge until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve Cinder volume requests (JSON over HTTP, on TCP or a Unix socket) on the backends named in the config file.")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "bridge config file")
    Path config;

    @Override
    public Integer call() throws IOException, InterruptedException {
        BridgeConfig cfg = BridgeConfig.load(config);
        String refusal = cfg.refusalHere(MetadataHost.Machine.local(), MetadataHost::sharedVg);
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        BearerAuth auth = new BearerAuth(SecretFile.readToken(cfg.tokenFile()));
        Map<String, BridgeBackend> backends = new LinkedHashMap<>();
        BridgeListener server = null;
        try {
            cfg.backends().forEach((name, entry) -> backends.put(name,
                    new BridgeBackend(Backends.open(entry.uri(), entry.settings()), entry.bridge())));
            PrintStream log = System.err;
            CommandRunner local = CommandLog.global().wrap(new LocalCommandRunner());
            Operations ops = new Operations(new ImageProbe(cfg.imageDir(), local), Clock.systemUTC());
            ApiHandler handler = new ApiHandler(auth, backends, ops, DriverMain.version(ServeCommand.class), log);
            server = cfg.unixSocket() != null
                    ? UnixHttpServer.bind(cfg.unixSocket(), cfg.limits(), handler, log)
                    : BridgeServer.bind(cfg.listen(), cfg.tls(), cfg.limits(), handler, log);
            BridgeListener listening = server;
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                listening.stop(5);
                backends.values().forEach(BridgeBackend::close);
                stopped.countDown();
            }, "bridge-shutdown"));
            server.start();
            log.println("INFO cinder-bridge: listening on " + server.url() + " (backends: "
                    + String.join(", ", backends.keySet()) + ")");
            log.flush();
            checkBackends(backends, log);
            stopped.await();
            return 0;
        } catch (RuntimeException | IOException e) {
            if (server != null) {
                server.stop(0); // bound but failed to start: release the port / socket file
            }
            backends.values().forEach(BridgeBackend::close);
            throw e;
        }
    }

    /**
     * Asks every backend for its pools once, in the background, and logs what it found: the
     * operator sees at start whether each backend answers, and the first Cinder request after a
     * restart does not pay for loading the HTTP client, JSON and backend classes (it took 2.6 s
     * on a cold JVM, the bridge's worst tail in docs/performance.md).
     */
    private static void checkBackends(Map<String, BridgeBackend> backends, PrintStream log) {
        Thread t = new Thread(() -> backends.forEach((name, b) -> {
            long t0 = System.nanoTime();
            try {
                int pools = b.spi().pools().size();
                log.printf("INFO cinder-bridge: backend %s answers: %d pool(s) (%d ms)%n", name, pools,
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                log.println("WARN cinder-bridge: backend " + name + " does not answer yet: "
                        + io.storagedrivers.validate.Printable.line(e.getMessage()));
            }
        }), "bridge-backend-check");
        t.setDaemon(true);
        t.start();
    }
}
