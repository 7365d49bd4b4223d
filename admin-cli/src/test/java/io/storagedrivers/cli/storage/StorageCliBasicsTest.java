package io.storagedrivers.cli.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.storagedrivers.cli.ExitCode;

/** Backend selection, output formats and the read-only verbs on the simulator. */
class StorageCliBasicsTest extends BaseStorageCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void helpDocumentsEveryExitCode() {
        String help = run(ExitCode.OK, "--help").out();
        assertTrue(help.contains("Exit codes:"), help);
        for (String line : List.of("0   success", "2   usage error", "3   the named", "4   the storage backend", "5   the object is in use")) {
            assertTrue(help.contains(line), line + " in\n" + help);
        }
        assertTrue(help.contains("orphans") && help.contains("volume-create"), help);
    }

    @Test
    void backendSelectionErrorsAreUsageErrors() {
        Result r = run(ExitCode.USAGE, "pools");
        assertTrue(r.err().startsWith("no backend: give --uri"), r.err());
        assertEquals("", r.out());
        r = run(ExitCode.USAGE, "pools", "--uri", "ceph://mon1");
        assertTrue(r.err().contains("unknown backend scheme 'ceph'"), r.err());
        r = run(ExitCode.USAGE, "pools", "--uri", "linstor://admin:secret@ctl:3370");
        assertTrue(r.err().contains("must not carry credentials"), r.err());
        assertFalse(r.err().contains("secret"), r.err());
        run(ExitCode.USAGE, "pools", "--uri", "sim://" + dir.resolve("x.json"), "--config", dir.resolve("nope.conf").toString());
        run(ExitCode.USAGE, "no-such-verb");
        run(ExitCode.USAGE);
    }

    @Test
    void uriFromOptionAtEitherLevelEnvOrConfigFile() throws Exception {
        String uri = "sim://" + dir.resolve("a.json");
        assertTrue(run(ExitCode.OK, "--uri", uri, "pools").out().contains("default"));
        assertTrue(run(ExitCode.OK, "pools", "--uri", uri).out().contains("default"));
        env.put("STORAGE_URI", uri);
        assertTrue(run(ExitCode.OK, "pools").out().contains("default"));
        env.clear();
        Files.writeString(dir.resolve("storage.conf"), "# test\nuri = sim://" + dir.resolve("b.json") + "?pools=conf0:1G\n");
        assertTrue(run(ExitCode.OK, "pools", "--config", dir.resolve("storage.conf").toString()).out().contains("conf0"));
        env.put("STORAGE_CONFIG", dir.resolve("storage.conf").toString());
        assertTrue(run(ExitCode.OK, "pools").out().contains("conf0"));
    }

    @Test
    void formatsAreExclusive() {
        useSim("");
        run(ExitCode.USAGE, "pools", "--json", "--csv");
    }

    @Test
    void systemsInAllFormats() throws Exception {
        useSim("?pools=p0:1G");
        String table = run(ExitCode.OK, "systems").out();
        assertTrue(table.startsWith("ID "), table);
        assertTrue(table.contains("storage simulator"), table);
        JsonNode j = JSON.readTree(run(ExitCode.OK, "systems", "--json").out());
        assertEquals("sim", j.get(0).get("kind").asText());
        assertEquals("sim://" + dir.resolve("state.json"), j.get(0).get("uri").asText(), "query left out");
        Map<String, String> csv = CsvParser.parse(run(ExitCode.OK, "systems", "--csv").out()).get(0);
        assertEquals("sim", csv.get("id"));
        assertTrue(csv.get("details").startsWith("state="), csv.toString());
    }

    @Test
    void poolsShowCapacity() throws Exception {
        useSim("?pools=p0:1G,t0:2G:thin");
        run(ExitCode.OK, "volume-create", "--pool", "p0", "--name", "a", "--size", "256M");
        List<Map<String, String>> rows = CsvParser.parse(run(ExitCode.OK, "pools", "--csv").out());
        assertEquals(List.of("name", "total_bytes", "free_bytes", "used_bytes", "thin"), List.copyOf(rows.get(0).keySet()));
        assertEquals(Map.of("name", "p0", "total_bytes", "1073741824", "free_bytes", "805306368",
                "used_bytes", "268435456", "thin", "false"), rows.get(0));
        assertEquals("true", rows.get(1).get("thin"));
        JsonNode j = JSON.readTree(run(ExitCode.OK, "pools", "--json").out());
        assertEquals(805306368L, j.get(0).get("free_bytes").asLong());
        assertTrue(j.get(0).get("free_bytes").isNumber());
        String table = run(ExitCode.OK, "pools").out();
        assertTrue(table.contains("768 MiB") && table.contains("1 GiB"), table);
    }

    @Test
    void volumesShowOpenNebulaOwnersAndHosts() throws Exception {
        useSim("");
        run(ExitCode.OK, "volume-create", "--name", "img-one-7", "--size", "1G");
        run(ExitCode.OK, "volume-create", "--name", "lv-one-12-0", "--size", "2G");
        run(ExitCode.OK, "volume-create", "--name", "OpenNebula-Image-7-vm12-disk1", "--size", "1G");
        run(ExitCode.OK, "volume-create", "--name", "scratch", "--size", "1M");
        run(ExitCode.OK, "activate", "--name", "lv-one-12-0", "--host", "node1");
        run(ExitCode.OK, "activate", "--name", "lv-one-12-0", "--host", "node2");

        Map<String, Map<String, String>> byName = new java.util.TreeMap<>();
        for (Map<String, String> r : CsvParser.parse(run(ExitCode.OK, "volumes", "--csv").out())) {
            byName.put(r.get("name"), r);
        }
        assertEquals("7", byName.get("img-one-7").get("one_image"));
        assertEquals("", byName.get("img-one-7").get("one_vm"));
        assertEquals("12", byName.get("lv-one-12-0").get("one_vm"));
        assertEquals("0", byName.get("lv-one-12-0").get("one_disk"));
        assertEquals("node1,node2", byName.get("lv-one-12-0").get("active_on"), "quoted field with a comma");
        assertEquals("7", byName.get("OpenNebula-Image-7-vm12-disk1").get("one_image"));
        assertEquals("1", byName.get("OpenNebula-Image-7-vm12-disk1").get("one_disk"));
        assertEquals("", byName.get("scratch").get("one_image"));
        assertEquals("2147483648", byName.get("lv-one-12-0").get("size_bytes"));
        assertTrue(run(ExitCode.OK, "volumes", "--csv").out().contains("\"node1,node2\"\r\n"));

        JsonNode j = JSON.readTree(run(ExitCode.OK, "volumes", "--json", "--pool", "default").out());
        assertEquals(List.of("OpenNebula-Image-7-vm12-disk1", "img-one-7", "lv-one-12-0", "scratch"),
                j.findValuesAsText("name"), "sorted by name");
        JsonNode lv = j.get(2);
        assertEquals(12, lv.get("one_vm").asInt());
        assertTrue(j.get(1).get("one_vm").isNull());
        assertEquals(2, lv.get("active_on").size());

        String table = run(ExitCode.OK, "volumes").out();
        assertTrue(table.lines().anyMatch(l -> l.matches("default +lv-one-12-0 +2 GiB +- +12 +0 +node1,node2")), table);

        List<Map<String, String>> hosts = CsvParser.parse(run(ExitCode.OK, "hosts", "--csv").out());
        assertEquals(List.of(Map.of("host", "node1", "count", "1", "volumes", "default/lv-one-12-0", "error", ""),
                Map.of("host", "node2", "count", "1", "volumes", "default/lv-one-12-0", "error", "")), hosts);
        run(ExitCode.NOT_FOUND, "volumes", "--pool", "nope", "--uri", "sim://" + dir.resolve("p.json") + "?pools=x:1G");
    }

    @Test
    void capabilitiesListEveryOne() {
        useSim("");
        List<Map<String, String>> rows = CsvParser.parse(run(ExitCode.OK, "capabilities", "--csv").out());
        assertEquals(8, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.get("supported").equals("true")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.get("capability").equals("multi_attach")));
    }

    @Test
    void csvEscapesQuotesCommasAndNewlines() {
        Table t = new Table(Table.Column.text("a"), Table.Column.text("b")).row("x,\"y\"", "line1\nline2");
        java.io.StringWriter w = new java.io.StringWriter();
        OutputFormat.CSV.print(t, new java.io.PrintWriter(w));
        assertEquals("a,b\r\n\"x,\"\"y\"\"\",\"line1\nline2\"\r\n", w.toString());
        assertEquals(List.of(Map.of("a", "x,\"y\"", "b", "line1\nline2")), CsvParser.parse(w.toString()));
    }

    @Test
    void humanSizes() {
        assertEquals("0 B", OutputFormat.humanSize(0));
        assertEquals("1 KiB", OutputFormat.humanSize(1024));
        assertEquals("1.5 GiB", OutputFormat.humanSize(1536L * 1024 * 1024));
    }
}
