package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.dsAction;
import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.TestBed;

/**
 * The actions the lifecycle does not reach, through the shims on the simulator backend: import
 * from an http URL (and its stat), DS clone, and undeploy → resume on another host (TM mv decided
 * by LCM_STATE, frontend on one side).
 */
class MoreActionsIT {

    @Test
    void httpImportCloneAndUndeployResume() throws Exception {
        TestBed tb = TestBed.require();
        World w = World.create(tb, "sim");
        String host1 = tb.hosts().get(0);
        String host2 = tb.hosts().get(1);
        String vg = w.vg;

        Path raw = w.rawImage("web.raw", 3);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/web.raw", ex -> {
            byte[] body = Files.readAllBytes(raw);
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null) {
                ex.getResponseHeaders().add("Content-Range", "bytes 0-511/" + body.length);
                ex.sendResponseHeaders(206, 512);
                ex.getResponseBody().write(body, 0, 512);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/web.raw";
            assertEquals("3\n", w.h.ds("stat", "901", dsAction("<IMAGE><PATH>" + url + "</PATH></IMAGE>",
                    w.imageDsXml, "")).ok().stdout());
            assertEquals(vg + "/img-one-20 raw\n", w.h.ds("cp", "20", dsAction(image(20, url, "", 3, "", false,
                    Map.of("MD5", World.md5(raw))), w.imageDsXml, "")).ok().stdout());
        } finally {
            http.stop(0);
        }
        String clone = dsAction(image(21, vg + "/img-one-20", "", 3, "", false, Map.of()), w.imageDsXml, "");
        assertEquals(vg + "/img-one-21 raw\n", w.h.ds("clone", "21", clone).ok().stdout());

        // deploy on host1, undeploy to the frontend, resume on host2
        String sysDir = w.location + "/100/43";
        List<Disk> disks = List.of(new Disk(0, 21, vg + "/img-one-21", true, false, 3, 101, "BLOCK"),
                new Disk(1, 20, vg + "/img-one-20", false, true, 3, 101, "BLOCK"));
        w.vm(43, 3, 1, disks, List.of(host1));
        w.h.tm("clone", "", "fe:" + vg + "/img-one-21", host1 + ":" + sysDir + "/disk.0", "43", "101").ok();
        String fe = "localhost";
        w.vm(43, 3, 30, disks, List.of(host1)); // EPILOG_UNDEPLOY
        w.h.tm("mv", "", host1 + ":" + sysDir + "/disk.0", fe + ":" + sysDir + "/disk.0", "43", "101").ok();
        w.h.tm("mv", "", host1 + ":" + sysDir, fe + ":" + sysDir, "43", "100").ok();
        assertEquals(Set.of(), w.inspect.attachments(new io.storagedrivers.spi.VolumeRef(vg, "lv-one-43-0")),
                "undeploy deactivates on the host and activates nothing");
        w.vm(43, 3, 31, disks, List.of(host1, host2)); // PROLOG_UNDEPLOY
        w.h.tm("mv", "", fe + ":" + sysDir + "/disk.0", host2 + ":" + sysDir + "/disk.0", "43", "101").ok();
        w.h.tm("mv", "", fe + ":" + sysDir, host2 + ":" + sysDir, "43", "100").ok();
        assertEquals(Set.of(host2), w.inspect.attachments(new io.storagedrivers.spi.VolumeRef(vg, "lv-one-43-0")));
        assertTrue(Files.isSymbolicLink(Path.of(sysDir, "disk.0")));

        w.vm(43, 6, 0, disks, List.of(host1, host2));
        w.h.tm("delete", "", host2 + ":" + sysDir + "/disk.0", "43", "100").ok();
        // oned also sends delete for persistent disks (delete/recover): the image must survive
        w.h.tm("delete", "", host2 + ":" + sysDir + "/disk.1", "43", "100").ok();
        w.h.tm("delete", "", host2 + ":" + sysDir, "43", "100").ok();
        assertEquals(Set.of("img-one-20", "img-one-21"), w.volumes());
    }
}
