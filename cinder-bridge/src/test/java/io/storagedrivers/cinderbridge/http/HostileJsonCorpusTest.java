package io.storagedrivers.cinderbridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.storagedrivers.validate.Printable;

/**
 * A generated hostile-input corpus for the bridge's JSON API, run in this one JVM against one
 * bridge on the simulator: every operation, every string field it reads, every payload (shell
 * injection with a canary, option injection, path traversal, control characters, huge, empty,
 * wrong types, fractional sizes). Each case: a 4xx/5xx answer, one printable error line (control
 * characters escaped, cut), no stack trace in the bridge's log, no volume or snapshot created,
 * and the canary file never appears.
 */
class HostileJsonCorpusTest {
    static final String GOOD_ID = "11111111-2222-3333-4444-555555555555";
    static Path dir;
    static Path canary;
    static BridgeHarness bridge;

    @BeforeAll
    static void up() throws IOException {
        dir = Files.createTempDirectory("hostile-json");
        canary = dir.resolve("canary");
        bridge = new BridgeHarness(dir.resolve("state.json"), null, Duration.ofSeconds(1));
    }

    @AfterAll
    static void down() throws IOException {
        bridge.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Values that must never be accepted where a name, id, host or size is expected. */
    static List<Object> payloads() {
        String c = canary.toString();
        List<Object> p = new ArrayList<>(List.of("; touch " + c, "$(touch " + c + ")", "`touch " + c + "`",
                "| touch " + c, "&& touch " + c, "\ntouch " + c, "x\n; touch " + c, "-oProxyCommand=touch " + c,
                "--help", "-x", "-", "--", "../../etc/passwd", "/etc/shadow", "..", ".", "a b", "", " ", "\t",
                "\u0000", "a\u0000b", "\u001b[31mred", "\u0007bell", "\u007fdel", "\u202eevil", "\u200b",
                "%00", "${IFS}touch${IFS}" + c, "'", "\"", "\\", "*", "?", "[a]", "~root", "日本語", "a:b", "a@b",
                "a/b", "a;b", "a|b", "a&b", "a>b", "a<b", "a$b", "a=b", "x".repeat(300), "y".repeat(70_000),
                "volume-../x", "snapshot", "/dev/sda", "file:///etc/passwd", "http://evil/"));
        p.addAll(List.of(1.5, -1, 0, Long.MAX_VALUE, true, List.of("a"), Map.of("a", "b")));
        return p;
    }

    /** Fields a request may leave out (blank = absent). */
    static final java.util.Set<String> OPTIONAL = java.util.Set.of("volume.provider_id", "volume.pool",
            "source_volume.provider_id", "snapshot.provider_id", "snapshot.volume.pool", "image.format");

    /** Fields holding a name (not a UUID) where a well-formed name is legitimate. */
    static final java.util.Set<String> NAMES = java.util.Set.of("volume.provider_id", "volume.pool",
            "source_volume.provider_id", "snapshot.provider_id", "snapshot.volume.pool", "connector.host");
    static final java.util.regex.Pattern VALID_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,47}");

    record Field(String path, boolean isSize) {
    }

    /** Operation -> the fields it reads (dotted paths into the body). */
    static Map<String, List<Field>> operations() {
        Map<String, List<Field>> ops = new LinkedHashMap<>();
        List<Field> vol = List.of(new Field("volume.name_id", false), new Field("volume.provider_id", false),
                new Field("volume.pool", false));
        // a new volume is named after its name_id: its provider_id is not read
        List<Field> newVol = List.of(new Field("volume.name_id", false), new Field("volume.pool", false));
        ops.put("create_volume", plus(newVol, new Field("volume.size_gb", true)));
        ops.put("delete_volume", vol);
        ops.put("describe_volume", vol);
        ops.put("extend_volume", plus(vol, new Field("new_size_gb", true)));
        ops.put("create_cloned_volume", plus(newVol, new Field("source_volume.name_id", false),
                new Field("source_volume.provider_id", false), new Field("volume.size_gb", true)));
        ops.put("create_snapshot", List.of(new Field("snapshot.id", false), new Field("snapshot.provider_id", false),
                new Field("snapshot.volume.name_id", false), new Field("snapshot.volume.pool", false)));
        ops.put("delete_snapshot", List.of(new Field("snapshot.id", false), new Field("snapshot.provider_id", false),
                new Field("snapshot.volume.name_id", false)));
        ops.put("revert_to_snapshot", plus(vol, new Field("snapshot.id", false)));
        ops.put("create_volume_from_snapshot", plus(newVol, new Field("snapshot.id", false),
                new Field("snapshot.volume.name_id", false)));
        ops.put("initialize_connection", plus(vol, new Field("connector.host", false)));
        ops.put("terminate_connection", plus(vol, new Field("connector.host", false)));
        ops.put("copy_image_to_volume", plus(vol, new Field("image.path", false), new Field("image.format", false)));
        return ops;
    }

    @SafeVarargs
    static <T> List<T> plus(List<T> a, T... more) {
        List<T> l = new ArrayList<>(a);
        l.addAll(List.of(more));
        return l;
    }

    /** A body every operation accepts except for the one hostile field. */
    static ObjectNode base() {
        ObjectNode b = ApiHandler.JSON.createObjectNode();
        ObjectNode v = b.putObject("volume");
        v.put("name_id", UUID.randomUUID().toString()).put("size_gb", 1);
        b.putObject("source_volume").put("name_id", GOOD_ID);
        ObjectNode s = b.putObject("snapshot");
        s.put("id", UUID.randomUUID().toString()).put("volume_size_gb", 1);
        s.putObject("volume").put("name_id", GOOD_ID).put("size_gb", 1);
        b.putObject("connector").put("host", "compute-a");
        b.put("new_size_gb", 2);
        return b;
    }

    static void set(ObjectNode body, String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode n = body;
        for (int i = 0; i < parts.length - 1; i++) {
            n = n.has(parts[i]) ? (ObjectNode) n.get(parts[i]) : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], ApiHandler.JSON.valueToTree(value));
    }

    @TestFactory
    Stream<DynamicTest> everyFieldOfEveryOperationRefusesEveryPayload() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Object> payloads = payloads();
        operations().forEach((op, fields) -> {
            for (Field f : fields) {
                for (int i = 0; i < payloads.size(); i++) {
                    Object payload = payloads.get(i);
                    if (payload instanceof String str && str.isBlank() && OPTIONAL.contains(f.path())) {
                        continue; // blank is "not given" there, and the request is fine without it
                    }
                    if (NAMES.contains(f.path()) && VALID_NAME.matcher(String.valueOf(payload)).matches()) {
                        continue; // "snapshot", "true", "0" are fine names: deleting what does not exist succeeds
                    }
                    String name = op + " " + f.path() + " " + Printable.value(String.valueOf(payload));
                    tests.add(DynamicTest.dynamicTest(name, () -> refused(op, f, payload)));
                }
            }
        });
        assertTrue(tests.size() >= 2000, "corpus size " + tests.size());
        return tests.stream();
    }

    void refused(String op, Field f, Object payload) throws IOException, InterruptedException {
        ObjectNode body = base();
        set(body, f.path(), payload);
        int logBefore = wholeLines(0);
        BridgeHarness.Reply r = bridge.post("/v1/sim1/" + op, ApiHandler.JSON.writeValueAsString(body));
        String msg = r.body().path("error").path("message").asText();
        assertTrue(r.status() >= 400, op + " " + f.path() + " answered " + r.status() + " " + r.body());
        assertFalse(msg.isBlank(), "an error message");
        assertFalse(msg.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == 0x202e), "printable: " + msg);
        assertTrue(msg.length() <= io.storagedrivers.validate.Printable.MAX_LINE + 40, "cut: " + msg.length());
        wholeLines(logBefore + 1); // the bridge logs its line just after it answered
        byte[] all = bridge.log.toByteArray();
        String log = new String(all, logBefore, all.length - logBefore, java.nio.charset.StandardCharsets.UTF_8);
        var created = bridge.sim.list("pool1");
        created.forEach(v -> bridge.sim.delete(v.ref(), false)); // one case's failure must not fail the next
        assertFalse(log.contains("\tat ") || log.contains("Exception"), "no stack trace: " + log);
        assertEquals(1, log.lines().count(), "one log line: " + log);
        assertEquals(List.of(), created, "nothing created");
        assertFalse(Files.exists(canary), "the canary ran");
    }

    /**
     * Waits (up to 1 s) until the log holds more than {@code atLeast} bytes and ends with a whole line, then
     * returns its size. A line may reach the log in more than one write, so a size alone can cut one in two.
     */
    int wholeLines(int atLeast) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            byte[] all = bridge.log.toByteArray();
            if (all.length >= atLeast && (all.length == 0 || all[all.length - 1] == '\n')) {
                return all.length;
            }
            Thread.sleep(10);
        }
        return bridge.log.size();
    }
}
