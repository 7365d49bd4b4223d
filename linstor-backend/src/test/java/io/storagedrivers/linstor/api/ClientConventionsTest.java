package io.storagedrivers.linstor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.linstor.backend.LinstorSettings;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.spi.BackendException;

/**
 * What LINSTOR's own client does and this one copies: /etc/linstor/linstor-client.conf
 * ([global] controllers, cafile, certfile, keyfile), LS_CONTROLLERS, the REST API version gate at
 * connect, and an INFO line when it fails over to another controller.
 */
class ClientConventionsTest {
    @TempDir
    Path dir;

    private Path conf(String text) throws IOException {
        Path p = dir.resolve("linstor-client.conf");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsTheGlobalSectionOfTheClientConfigFile() throws IOException {
        Path p = conf("""
                # written by an admin
                [global]
                controllers = linstor+ssl://ctl1,ctl2:3371
                cafile=/etc/linstor/client/ca.crt
                certfile: "/etc/linstor/client/tls.crt"
                keyfile = /etc/linstor/client/tls.key
                machine-readable = true
                [resource]
                controllers = linstor://not-this-one
                """);
        Map<String, String> f = LinstorClientConf.read(p);
        assertEquals(Map.of("controllers", "linstor+ssl://ctl1,ctl2:3371", "cafile", "/etc/linstor/client/ca.crt",
                "certfile", "/etc/linstor/client/tls.crt", "keyfile", "/etc/linstor/client/tls.key"), f);
        assertEquals(Map.of(), LinstorClientConf.read(dir.resolve("absent.conf")), "no file, no configuration");
        assertEquals(LinstorClientConf.DEFAULT_PATH, LinstorClientConf.path(Map.of()));
        assertEquals(p, LinstorClientConf.path(Map.of(LinstorClientConf.PATH_ENV, p.toString())));
    }

    @Test
    void controllersComeFromTheCallerThenLsControllersThenTheFileThenLocalhost() {
        Map<String, String> file = Map.of("controllers", "filehost", "cafile", "/f/ca.pem", "certfile", "/f/c.pem",
                "keyfile", "/f/k.pem");
        ClientConfig fromFile = ClientConfig.fromSettings(null, Map.of(), file);
        assertEquals(List.of(URI.create("http://filehost:3370")), fromFile.controllers());
        assertEquals(Path.of("/f/ca.pem"), fromFile.caFile());
        assertEquals(Path.of("/f/c.pem"), fromFile.clientCert());
        assertEquals(Path.of("/f/k.pem"), fromFile.clientKey());
        assertEquals(List.of(URI.create("http://envhost:3370")),
                ClientConfig.fromSettings(null, Map.of("LS_CONTROLLERS", "envhost"), file).controllers());
        assertEquals(List.of(URI.create("https://dshost:3371")),
                ClientConfig.fromSettings("linstor+ssl://dshost", Map.of("LS_CONTROLLERS", "envhost"), file).controllers());
        assertEquals(List.of(URI.create("http://localhost:3370")),
                ClientConfig.fromSettings(null, Map.of(), Map.of()).controllers());
        ClientConfig own = ClientConfig.fromSettings(null, Map.of("ca_file", "/own/ca.pem"), file);
        assertEquals(Path.of("/own/ca.pem"), own.caFile());
        assertNull(own.clientCert(), "settings that name TLS files replace the file's, not mix with them");
    }

    @Test
    void theDriverSettingsFindTheConfigFileThroughTheEnvironment() throws IOException {
        Path p = conf("[global]\ncontrollers=linstor://10.0.0.7\n");
        LinstorSettings s = LinstorSettings.from(Map.of(LinstorClientConf.PATH_ENV, p.toString()));
        assertEquals(List.of(URI.create("http://10.0.0.7:3370")), s.clientConfig(null).controllers());
        Files.writeString(p, "[global]\ncontrollers=");
        assertTrue(assertThrows(BackendException.class, () -> LinstorSettings.from(Map.of(LinstorClientConf.PATH_ENV,
                dir.toString()))).getMessage().startsWith("cannot read " + dir), "a directory is not a file");
    }

    @Test
    void refusesAControllerOlderThanTheFeaturesUsedInOneLine() {
        try (SimFixture sim = SimFixture.thin("node1"); LinstorClient c = sim.client()) {
            sim.state.setRestApiVersion("1.9.2");
            LinstorException e = assertThrows(LinstorException.class, c::nodes);
            assertEquals("LINSTOR controller " + sim.controller().baseUri() + " (LINSTOR 1.34.0-sim) speaks REST API "
                    + "1.9.2; this driver needs " + LinstorClient.MIN_REST_API + " or newer 1.x: upgrade the controller",
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            sim.state.setRestApiVersion("2.0.0");
            assertTrue(assertThrows(LinstorException.class, c::nodes).getMessage().contains("speaks REST API 2.0.0"));
        }
        try (SimFixture sim = SimFixture.thin("node1"); LinstorClient c = sim.client()) {
            sim.state.setRestApiVersion("1.10.0");
            assertEquals(1, c.nodes().size(), "the minimum itself is accepted");
            assertFalse(c.supports("1.18.0"));
            long before = sim.controller().requestCount();
            c.nodes();
            assertEquals(1, sim.controller().requestCount() - before, "the version is asked once per client");
        }
    }

    @Test
    void restVersionsCompareNumberByNumber() {
        assertTrue(RestVersion.compare("1.28.0", "1.10.0") > 0);
        assertTrue(RestVersion.compare("1.9.9", "1.10") < 0);
        assertEquals(0, RestVersion.compare("1.10", "1.10.0"));
        assertEquals(0, RestVersion.compare("1.18.0-rc1", "1.18.0"));
    }

    @Test
    void failoverToAnotherControllerIsAnInfoLine() throws IOException {
        int down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = s.getLocalPort();
        }
        try (SimFixture sim = SimFixture.thin("node1");
             LinstorClient c = new LinstorClient(ClientConfig.of("linstor://127.0.0.1:" + down + ","
                     + sim.controller().linstorUri()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)))) {
            List<String> lines = new ArrayList<>();
            c.onNotice(lines::add);
            c.nodes();
            c.nodes();
            assertEquals(List.of("LINSTOR controller failover: http://127.0.0.1:" + down + ": connection refused; "
                    + "now using " + sim.controller().baseUri()), lines, "once, not on every request");
        }
    }
}
