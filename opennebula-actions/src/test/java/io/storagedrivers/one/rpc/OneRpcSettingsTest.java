package io.storagedrivers.one.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the endpoint and the session come from: OCA's rules ({@code OpenNebula::Client#initialize}). */
class OneRpcSettingsTest {
    @TempDir
    Path dir;
    Path home;
    Path oneHome;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        oneHome = dir.resolve("var-lib-one");
        env.put("HOME", home.toString());
    }

    private Path write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private OneRpcSettings.Found find() {
        return OneRpcSettings.find(env, oneHome);
    }

    private OneRpcSettings settings() {
        OneRpcSettings.Found f = find();
        assertNotNull(f.settings(), f.why());
        return f.settings();
    }

    @Test
    void withoutAnySessionFileTheCliIsUsed() throws IOException {
        write(home.resolve(".one/one_endpoint"), "http://oned:2633/RPC2\n");
        OneRpcSettings.Found f = find();
        assertNull(f.settings());
        assertTrue(f.why().startsWith("no ONE_AUTH file"), f.why());
    }

    @Test
    void storageDriversOneApi0TurnsTheApiOff() throws IOException {
        write(home.resolve(".one/one_auth"), "oneadmin:pw");
        env.put("STORAGE_DRIVERS_ONE_API", "0");
        assertEquals("STORAGE_DRIVERS_ONE_API=0", find().why());
        assertNull(find().settings());
        env.put("STORAGE_DRIVERS_ONE_API", "1");
        assertNotNull(find().settings());
    }

    @Test
    void theSessionComesFromOneAuthThenHomeThenTheOpenNebulaHome() throws IOException {
        write(oneHome.resolve(".one/one_auth"), "oneadmin:third\n");
        assertEquals("oneadmin:third", settings().session().value());
        write(home.resolve(".one/one_auth"), "oneadmin:second \n\t");
        assertEquals("oneadmin:second", settings().session().value(), "trailing whitespace removed, as rstrip");
        Path own = write(dir.resolve("elsewhere/auth"), "me:first");
        env.put("ONE_AUTH", own.toString());
        assertEquals("me:first", settings().session().value());
        env.put("ONE_AUTH", dir.resolve("no-such-file").toString());
        assertEquals("oneadmin:second", settings().session().value(), "ONE_AUTH naming no file is skipped");
        env.put("ONE_AUTH", "");
        assertEquals("oneadmin:second", settings().session().value(), "an empty ONE_AUTH is skipped");
    }

    @Test
    void onlyOneUserColonSecretLineIsTakenAndTheReasonNeverShowsTheFile() throws IOException {
        assertEquals("u:pass word:with:colons", session("u:pass word:with:colons\n"));
        assertEquals("oneadmin:0123abcdef", session("oneadmin:0123abcdef"));
        for (String bad : List.of("nocolonsecret", ":secretpart", "usr9:", "usr9:secret\nsecond line",
                "us r9:secret", "usr9:sec\u001bret", "", "\n")) {
            write(home.resolve(".one/one_auth"), bad);
            OneRpcSettings.Found f = find();
            assertNull(f.settings(), bad);
            assertTrue(f.why().endsWith("does not hold one user:secret line"), f.why());
            assertFalse(!bad.isBlank() && f.why().contains(bad.strip()), f.why());
        }
    }

    private String session(String content) throws IOException {
        write(home.resolve(".one/one_auth"), content);
        return settings().session().value();
    }

    @Test
    void theEndpointComesFromOneXmlrpcThenHomeThenTheOpenNebulaHomeThenTheDefault() throws IOException {
        write(home.resolve(".one/one_auth"), "oneadmin:pw");
        assertEquals("http://localhost:2633/RPC2", settings().endpoint().toString());
        write(oneHome.resolve(".one/one_endpoint"), "http://third:1/RPC2");
        assertEquals("http://third:1/RPC2", settings().endpoint().toString());
        write(home.resolve(".one/one_endpoint"), "http://second:2/RPC2\n");
        assertEquals("http://second:2/RPC2", settings().endpoint().toString());
        env.put("ONE_XMLRPC", "http://first:3/RPC2");
        assertEquals("http://first:3/RPC2", settings().endpoint().toString());
    }

    @Test
    void aUrlWithoutPathMeansRpc2AndWithoutPortMeans80() {
        assertEquals("http://oned:2633/RPC2", OneRpcSettings.endpoint("http://oned:2633").toString());
        assertEquals("http://oned:80/RPC2", OneRpcSettings.endpoint("http://oned").toString());
        assertEquals("http://oned:2633/", OneRpcSettings.endpoint("http://oned:2633/").toString());
        assertEquals("http://10.0.0.1:2633/one/RPC2", OneRpcSettings.endpoint("HTTP://10.0.0.1:2633/one/RPC2").toString());
    }

    @Test
    void httpsCredentialsInTheUrlAndOddUrlsAreLeftToTheCli() throws IOException {
        write(home.resolve(".one/one_auth"), "oneadmin:pw");
        for (String url : List.of("https://oned:2633/RPC2", "http://admin:hunter2@oned:2633/RPC2", "http://oned:2633/RPC2?x=1",
                "ftp://oned/RPC2", "oned:2633", "", "http://", "http://oned:2633/RPC2#f", "http://[::1:2633/")) {
            env.put("ONE_XMLRPC", url);
            OneRpcSettings.Found f = find();
            assertNull(f.settings(), url);
            assertFalse(f.why().contains("hunter2"), f.why());
        }
    }

    @Test
    void theTimeoutIsOneXmlrpcTimeoutInWholeSecondsElse30() throws IOException {
        write(home.resolve(".one/one_auth"), "oneadmin:pw");
        assertEquals(Duration.ofSeconds(30), settings().timeout());
        env.put("ONE_XMLRPC_TIMEOUT", "5");
        assertEquals(Duration.ofSeconds(5), settings().timeout());
        for (String bad : List.of("0", "", "abc", "5s", "-1", "99999999")) {
            env.put("ONE_XMLRPC_TIMEOUT", bad);
            assertNull(find().settings(), bad);
        }
    }

    @Test
    void theSecretIsInNoStringForm() throws IOException {
        write(home.resolve(".one/one_auth"), "oneadmin:VerySecret42");
        OneRpcSettings s = settings();
        assertFalse(s.toString().contains("VerySecret42"), s.toString());
        assertFalse(s.session().toString().contains("VerySecret42"));
        assertEquals("said *** and ***", s.session().redact("said oneadmin:VerySecret42 and VerySecret42"));
    }

    @Test
    void anUnreadableSessionFileIsLeftToTheCli() throws IOException {
        Path f = write(home.resolve(".one/one_auth"), "oneadmin:pw");
        Files.write(f, new byte[] {'a', ':', (byte) 0xff, (byte) 0xfe});
        assertNull(find().settings());
        Files.write(f, new byte[70 * 1024]);
        assertNull(find().settings());
    }
}
