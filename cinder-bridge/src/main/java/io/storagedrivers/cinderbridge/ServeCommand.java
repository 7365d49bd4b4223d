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
        BearerAuth auth = new BearerAuth(SecretFile.readToken(cfg.tokenFile()));
        Map<String, BridgeBackend> backends = new LinkedHashMap<>();
        BridgeListener server = null;
        try {
            cfg.backends().forEach((name, entry) -> backends.put(name,
                    new BridgeBackend(Backends.open(entry.uri(), entry.settings()), entry.bridge())));
            PrintStream log = System.err;
            Operations ops = new Operations(new ImageProbe(cfg.imageDir(), new LocalCommandRunner()),
                    Clock.systemUTC());
            ApiHandler handler = new ApiHandler(auth, backends, ops, DriverMain.version(ServeCommand.class), log);
            server = cfg.unixSocket() != null
                    ? UnixHttpServer.bind(cfg.unixSocket(), cfg.threads(), handler, log)
                    : BridgeServer.bind(cfg.listen(), cfg.tls(), cfg.threads(), handler);
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
}
