package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenNebula around the linstor shims for integration tests: onevm/onedatastore stand-ins on PATH
 * answering from XML files, the XML oned writes (datastores, VMs, DS action documents), and the
 * shims run as oned runs them (argv, base64 stdin, exit code, stdout/stderr).
 */
final class OneStage {
    final Path work;
    final Path stubs;
    final String location;
    final Map<String, String> env = new HashMap<>(System.getenv());
    private final Path repo;

    OneStage(Path work) throws IOException {
        this.work = work;
        this.stubs = Files.createDirectories(work.resolve("one-stubs"));
        this.location = work.resolve("datastores").toString();
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("remotes/tm/linstor"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (remotes/tm/linstor)");
        }
        this.repo = p;
        for (String tool : List.of("onevm", "onedatastore")) {
            String prefix = tool.equals("onevm") ? "vm" : "ds";
            Path s = stubs.resolve(tool);
            Files.writeString(s, "#!/bin/sh\n# test stand-in: '" + tool + " show -x ID' prints " + prefix + "-ID.xml\n"
                    + "[ \"$1 $2\" = 'show -x' ] && [ -f \"$(dirname \"$0\")/" + prefix + "-$3.xml\" ] || "
                    + "{ echo \"[one] Error getting object [$3].\" >&2; exit 255; }\n"
                    + "cat \"$(dirname \"$0\")/" + prefix + "-$3.xml\"\n");
            Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        env.put("PATH", stubs + ":" + env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("STORAGE_DRIVERS_JAR_DIR", repo.resolve("linstor-driver/target").toString());
    }

    record Result(List<String> argv, int exit, String stdout, String stderr) {
        Result ok() {
            if (exit != 0) {
                fail(String.join(" ", argv) + " failed (exit " + exit + "): " + stderr);
            }
            return this;
        }

        /** Failed with exit 1, nothing on stdout and one unprefixed stderr line (what oned shows); returns it. */
        String failedWithOneLine() {
            assertEquals(1, exit, () -> argv + " should fail: " + stderr);
            assertEquals("", stdout, () -> argv + " wrote to stdout");
            List<String> plain = stderr.lines()
                    .filter(l -> !l.isBlank() && !l.matches("^(ERROR|INFO|WARN|DEBUG):\\s.*")).toList();
            assertEquals(1, plain.size(), () -> argv + " should print one error line: " + stderr);
            assertFalse(plain.get(0).startsWith("-") || stderr.contains("\tat "), stderr);
            return plain.get(0);
        }
    }

    Result ds(String action, String id, String imageXml, String datastoreXml) throws Exception {
        String doc = "<DS_DRIVER_ACTION_DATA>" + imageXml + datastoreXml + "</DS_DRIVER_ACTION_DATA>";
        return run(repo.resolve("remotes/datastore/linstor/" + action), List.of(id), base64(doc));
    }

    Result tm(String action, String stdin, String... args) throws Exception {
        return run(repo.resolve("remotes/tm/linstor/" + action), List.of(args), stdin);
    }

    private Result run(Path shim, List<String> args, String stdin) throws Exception {
        List<String> argv = new ArrayList<>(List.of(shim.toString()));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.US_ASCII));
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(argv + " did not finish");
        }
        Result r = new Result(argv, p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String element(String name, Map<String, String> attrs) {
        StringBuilder sb = new StringBuilder("<" + name + ">");
        attrs.forEach((k, v) -> sb.append('<').append(k).append("><![CDATA[").append(v).append("]]></").append(k)
                .append('>'));
        return sb.append("</").append(name).append('>').toString();
    }

    /** A linstor datastore as onedatastore show -x prints it, also written for the onedatastore stub. */
    String datastore(int id, boolean system, Map<String, String> template) throws IOException {
        Map<String, String> t = new java.util.LinkedHashMap<>(template);
        t.putIfAbsent("DISK_TYPE", "BLOCK");
        t.putIfAbsent("TM_MAD", "linstor");
        t.putIfAbsent("TYPE", system ? "SYSTEM_DS" : "IMAGE_DS");
        String xml = "<DATASTORE><ID>" + id + "</ID><UID>0</UID><NAME>ds" + id + "</NAME>"
                + "<DS_MAD><![CDATA[" + (system ? "-" : "linstor") + "]]></DS_MAD><TM_MAD>linstor</TM_MAD>"
                + "<BASE_PATH>" + location + "/" + id + "</BASE_PATH><TYPE>" + (system ? 1 : 0) + "</TYPE>"
                + "<DISK_TYPE>2</DISK_TYPE><STATE>0</STATE><TOTAL_MB>0</TOTAL_MB><FREE_MB>0</FREE_MB><USED_MB>0</USED_MB>"
                + element("TEMPLATE", t) + "</DATASTORE>";
        Files.writeString(stubs.resolve("ds-" + id + ".xml"), xml);
        return xml;
    }

    /** An IMAGE of a DS action document. */
    static String image(int id, String source, long sizeMb, String format, boolean persistent, int type,
                        int targetSnapshot) {
        return "<IMAGE><ID>" + id + "</ID><UID>0</UID><NAME>img" + id + "</NAME><TYPE>" + type + "</TYPE>"
                + "<PERSISTENT>" + (persistent ? 1 : 0) + "</PERSISTENT><SOURCE><![CDATA[" + source + "]]></SOURCE>"
                + "<PATH></PATH><FORMAT>" + format + "</FORMAT><FS></FS><SIZE>" + sizeMb + "</SIZE><STATE>4</STATE>"
                + "<CLONING_ID>-1</CLONING_ID><TARGET_SNAPSHOT>" + targetSnapshot + "</TARGET_SNAPSHOT>"
                + "<DATASTORE_ID>101</DATASTORE_ID><TEMPLATE></TEMPLATE>"
                + "<SNAPSHOTS><ALLOW_ORPHANS>YES</ALLOW_ORPHANS></SNAPSHOTS></IMAGE>";
    }

    /** One DISK of a VM: image disks name their image ({@code imageId >= 0}), type BLOCK, CDROM or fs. */
    record Disk(int id, int imageId, boolean cloned, boolean persistent, long sizeMb, String type, String fs) {
        String xml() {
            Map<String, String> a = new java.util.LinkedHashMap<>();
            a.put("DISK_ID", Integer.toString(id));
            if (imageId >= 0) {
                a.put("IMAGE_ID", Integer.toString(imageId));
                a.put("SOURCE", "OpenNebula-Image-" + imageId);
                a.put("CLONE", cloned ? "YES" : "NO");
                a.put("DATASTORE_ID", "101");
                a.put("TM_MAD", "linstor");
                a.put("PERSISTENT", persistent ? "YES" : "NO");
                if ("CDROM".equals(type)) {
                    a.put("READONLY", "YES");
                }
            } else {
                a.put("FORMAT", "raw");
                a.put("FS", fs);
            }
            a.put("DISK_TYPE", "BLOCK");
            a.put("SIZE", Long.toString(sizeMb));
            a.put("TARGET", "vd" + (char) ('a' + id));
            a.put("TYPE", type);
            return element("DISK", a);
        }
    }

    /** A VM as onevm show -x prints it (HISTORY per host, system datastore 100), also written for the stub. */
    String vm(int id, int state, int lcm, List<Disk> disks, List<String> hosts) throws IOException {
        StringBuilder sb = new StringBuilder("<VM><ID>" + id + "</ID><UID>0</UID><NAME>vm" + id + "</NAME><STATE>"
                + state + "</STATE><LCM_STATE>" + lcm + "</LCM_STATE><DEPLOY_ID>one-" + id + "</DEPLOY_ID><TEMPLATE>"
                + element("CONTEXT", Map.of("DISK_ID", "9", "TARGET", "hda")));
        disks.forEach(d -> sb.append(d.xml()));
        sb.append("</TEMPLATE><HISTORY_RECORDS>");
        for (int seq = 0; seq < hosts.size(); seq++) {
            sb.append("<HISTORY><OID>").append(id).append("</OID><SEQ>").append(seq).append("</SEQ><HOSTNAME>")
                    .append(hosts.get(seq)).append("</HOSTNAME><VM_MAD>kvm</VM_MAD><TM_MAD>linstor</TM_MAD><DS_ID>100")
                    .append("</DS_ID></HISTORY>");
        }
        String xml = sb.append("</HISTORY_RECORDS></VM>").toString();
        Files.writeString(stubs.resolve("vm-" + id + ".xml"), xml);
        return xml;
    }
}
