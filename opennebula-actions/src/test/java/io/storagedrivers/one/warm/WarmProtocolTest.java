package io.storagedrivers.one.warm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two ends of the shim ↔ service exchange that do not need a service: request parsing, reply script. */
class WarmProtocolTest {

    @Test
    void theReplyScriptPrintsBothStreamsByteForByteAndExitsWithTheCode(@TempDir Path dir) throws Exception {
        byte[] out = "vg/img-one-5 raw\nit's $(not run) `nor this` \\ %s\n".getBytes(StandardCharsets.UTF_8);
        byte[] err = "INFO: shared_lvm/ds/cp: 'quoted' \"x\"\nlast line without newline é".getBytes(StandardCharsets.UTF_8);
        Path script = Files.write(dir.resolve("reply"), WarmReply.script(out, err, 3));
        // as the shim runs it: eval of the text curl received
        Process p = new ProcessBuilder("sh", "-c", "r=$(cat \"$1\"); eval \"$r\"", "sh", script.toString()).start();
        assertArrayEquals(out, p.getInputStream().readAllBytes());
        assertArrayEquals(err, p.getErrorStream().readAllBytes());
        assertEquals(3, p.waitFor());
    }

    @Test
    void anEmptyReplyStillEndsWithItsExitLine() {
        String s = new String(WarmReply.script(new byte[0], new byte[0], 0), StandardCharsets.US_ASCII);
        assertEquals("# storage-drivers warm reply\nexit 0", s);
    }

    @Test
    void aCurlMultipartRequestIsParsed() throws Exception {
        String b = "------------------------abc";
        String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"pid\"\r\n\r\n42\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"remotes\"\r\n\r\n/r\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"arg\"\r\n\r\ntm\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"arg\"\r\n\r\nresize\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"arg\"\r\n\r\na b;type=x\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"stdin\"\r\n\r\nin\u0000put\r\n"
                + "--" + b + "--\r\n";
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        String chunked = Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n";
        String head = "POST /run HTTP/1.1\r\nHost: warm\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: multipart/form-data; boundary=" + b + "\r\n\r\n";
        WarmRequest r = WarmRequest.read(new ByteArrayInputStream((head + chunked).getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(42, r.pid());
        assertEquals("/r", r.remotes());
        assertEquals(List.of("tm", "resize", "a b;type=x"), r.args());
        assertEquals("in\u0000put", new String(r.stdin(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void anythingElseIsABadRequest() {
        assertThrows(WarmRequest.BadRequest.class, () -> WarmRequest.read(new ByteArrayInputStream(
                "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(WarmRequest.BadRequest.class, () -> WarmRequest.parse(("--b\r\nContent-Disposition: form-data;"
                + " name=\"pid\"\r\n\r\n1\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII), "b"));
    }

    @Test
    void onlyVariablesThatChangeWhatRunsAreCompared() {
        Map<String, String> service = Map.of("PATH", "/usr/bin", "LVM_SYSTEM_DIR", "/etc/lvm", "SHLVL", "1");
        assertEquals("", WarmEnvironment.difference(Map.of("PATH", "/usr/bin", "LVM_SYSTEM_DIR", "/etc/lvm",
                "SHLVL", "3", "ONE_MAD_DEBUG", "1", "STORAGE_DRIVERS_WARM", "1"), service));
        assertEquals("LVM_SYSTEM_DIR", WarmEnvironment.difference(Map.of("PATH", "/usr/bin"), service));
        assertEquals("STORAGE_DRIVERS_LOCK_DIR", WarmEnvironment.difference(Map.of("PATH", "/usr/bin",
                "LVM_SYSTEM_DIR", "/etc/lvm", "STORAGE_DRIVERS_LOCK_DIR", "/x"), service));
    }
}
