package io.storagedrivers.sharedlvm.one;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.one.DriverConfig;
import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.validate.Printable;

/**
 * The cases of {@link HostileOneCorpusTest}: well-formed DS and TM inputs of VM 42 on host1
 * (image datastore 101 on VG {@code vgimg}, system datastore 100), and every one of them with one
 * argument, one document field, stdin or the action name replaced by a payload.
 */
final class HostileOneCases {
    static final String D = "/var/lib/one/datastores/100/42";

    /** One run: {@code stdin} is base64-encoded first when {@code base64}. */
    record Case(String name, String kind, String action, List<String> args, String stdin, boolean base64) {
    }

    final Path canary;
    private final Path dir;
    private final Path images;

    HostileOneCases(Path dir) throws IOException {
        this.dir = dir;
        this.canary = dir.resolve("canary");
        this.images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("ok.raw"), new byte[1 << 20]);
        Files.createDirectories(dir.resolve("remotes"));
        Files.createDirectories(dir.resolve("locks"));
    }

    Map<String, String> env() {
        return Map.of(DriverConfig.REMOTES_ENV, dir.resolve("remotes").toString(),
                FileLocks.ENV_DIR, dir.resolve("locks").toString(), "PATH", "/usr/bin:/bin");
    }

    List<String> payloads() {
        String c = canary.toString();
        return List.of("; touch " + c, "$(touch " + c + ")", "`touch " + c + "`", "| touch " + c, "&& touch " + c,
                "\ntouch " + c, "x\n; touch " + c, "-oProxyCommand=touch " + c, "--help", "-x", "-", "--",
                "../../etc/passwd", "/etc/shadow", "..", ".", "a b", "", " ", "\t", "a\u0000b", "\u001b[31mred",
                "\u0007bell", "\u007fdel", "\u202eevil", "\u200b", "%00", "${IFS}touch${IFS}" + c, "'", "\"", "\\",
                "*", "?", "[a]", "~root", "日本語", "a;b", "a|b", "a&b", "a>b", "a<b", "a$b", "a=b", "<x/>", "]]>",
                "&amp;", "x".repeat(300), "y".repeat(70_000), "/dev/sda", "file:///etc/passwd", "-1", "0x10", "1e3",
                "99999999999999999999999", "1.5G", "NaN", "host1:/etc", "host1:" + D + "/../43/disk.0");
    }

    /** The frontend answers onevm/onedatastore for VM 42 and datastores 100/101; hosts run anything. */
    FakeRunners runners() {
        FakeRunners r = new FakeRunners().succeedAll();
        r.local().otherwise(this::frontend);
        for (String h : List.of("host1", "host2")) {
            r.declare(h).otherwise(HostileOneCases::lvm);
        }
        return r;
    }

    /** onevm/onedatastore for VM 42 and datastores 100/101, then {@link #lvm}. */
    FakeRunners.Reply frontend(FakeRunners.Call call) {
        List<String> a = call.argv();
        if (a.equals(List.of("onevm", "show", "-x", "42"))) {
            return FakeRunners.Reply.ok(vm());
        }
        if (a.get(0).equals("onedatastore") && a.size() == 4 && a.get(3).matches("10[01]")) {
            return FakeRunners.Reply.ok(a.get(3).equals("100") ? systemDs() : imageDs());
        }
        if (a.get(0).startsWith("one")) {
            return FakeRunners.Reply.exit(255, "", "[one.show] Error getting object");
        }
        return lvm(call);
    }

    /** Empty LVM reports (nothing exists yet), exit 0 and no output for anything else. */
    private static FakeRunners.Reply lvm(FakeRunners.Call call) {
        for (String a : call.argv()) {
            if (a.equals("lvs") || a.equals("vgs")) {
                return FakeRunners.Reply.ok("{\"report\":[{\"" + a.substring(0, 2) + "\":[]}]}");
            }
        }
        return FakeRunners.Reply.ok("");
    }

    static String vm() {
        return OneXmlBuilder.vm(42, 3, 3, List.of(
                new Disk(0, 10, "vgimg/img-one-10", true, false, 8, 101, "BLOCK"),
                new Disk(1, 11, "vgimg/img-one-11", false, true, 8, 101, "BLOCK"),
                new Disk(2, -1, "", false, false, 64, -1, "fs")), 4, 100, List.of("host1"));
    }

    static String systemDs() {
        return OneXmlBuilder.datastore(100, "system", 1, Map.of("VG_NAME", "vgsys"));
    }

    String imageDs() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("VG_NAME", "vgimg");
        t.put("BRIDGE_LIST", "host1");
        t.put("SAFE_DIRS", images.toString());
        t.put("STAGING_DIR", "/var/tmp");
        return OneXmlBuilder.datastore(101, "images", 0, t);
    }

    /** TM action -> oned's arguments; which of them are host names, host:path or sizes. */
    static Map<String, List<String>> tm() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("clone", List.of("fe:vgimg/img-one-10", "host1:" + D + "/disk.0", "42", "101"));
        m.put("ln", List.of("fe:vgimg/img-one-11", "host1:" + D + "/disk.1", "42", "101"));
        m.put("mkimage", List.of("64", "raw", "host1:" + D + "/disk.2", "42", "100"));
        m.put("mkswap", List.of("64", "host1:" + D + "/disk.2", "42", "100"));
        m.put("mv", List.of("host1:" + D + "/disk.0", "host2:" + D + "/disk.0", "42", "100"));
        m.put("mvds", List.of("host1:" + D + "/disk.1", "vgimg/img-one-11", "42", "101"));
        m.put("cpds", List.of("host1:" + D + "/disk.0", "vgimg/img-one-12", "-1", "42", "101"));
        m.put("delete", List.of("host1:" + D + "/disk.0", "42", "100"));
        m.put("resize", List.of("host1:" + D + "/disk.0", "128", "42", "100"));
        m.put("premigrate", List.of("host1", "host2", D, "42", "100"));
        m.put("postmigrate", List.of("host1", "host2", D, "42", "100"));
        m.put("failmigrate", List.of("host1", "host2", D, "42", "100"));
        m.put("activate", List.of("host1:" + D, "42", "100"));
        return m;
    }

    /** DS action -> its argv, document and the document fields it reads. */
    record Ds(String action, String id, String doc, List<String> fields) {
    }

    List<Ds> ds() {
        String path = images.resolve("ok.raw").toString();
        Map<String, String> md5 = Map.of("MD5", "");
        List<String> dsFields = List.of("DATASTORE/ID", "VG_NAME");
        List<Ds> l = new ArrayList<>();
        l.add(new Ds("cp", "10", doc(OneXmlBuilder.image(10, path, "", 1, "raw", false, md5)),
                join(List.of("IMAGE/ID", "PATH", "MD5", "SAFE_DIRS", "BRIDGE_LIST"), dsFields)));
        l.add(new Ds("mkfs", "10", doc(OneXmlBuilder.image(10, "", "", 8, "raw", false, Map.of())),
                join(List.of("IMAGE/ID", "SIZE", "FORMAT", "FS"), dsFields)));
        l.add(new Ds("clone", "12", doc(OneXmlBuilder.image(12, "vgimg/img-one-10", "", 8, "raw", false, Map.of())),
                join(List.of("IMAGE/ID", "PATH"), dsFields)));
        l.add(new Ds("rm", "10", doc(OneXmlBuilder.image(10, "", "vgimg/img-one-10", 8, "raw", false, Map.of())),
                join(List.of("SOURCE", "BRIDGE_LIST"), dsFields)));
        l.add(new Ds("export", "10", doc(OneXmlBuilder.image(10, "", "vgimg/img-one-10", 8, "raw", false, Map.of())),
                join(List.of("IMAGE/ID", "SOURCE", "BRIDGE_LIST", "STAGING_DIR"), dsFields)));
        l.add(new Ds("monitor", "101", doc(""), dsFields));
        return l;
    }

    private String doc(String image) {
        return OneXmlBuilder.dsAction(image, imageDs(), "");
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /** The unmodified inputs (the control of the corpus). */
    List<Case> wellFormed() {
        List<Case> l = new ArrayList<>();
        tm().forEach((a, args) -> l.add(new Case("tm " + a, "tm", a, args, null, false)));
        for (Ds d : ds()) {
            l.add(new Case("ds " + d.action(), "ds", d.action(), List.of(d.id()), d.doc(), true));
        }
        return l;
    }

    /** Host names are not hostile when well-formed. */
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** Nor are words where a file system type or a disk format goes ("1e3" is a fine mkfs.1e3). */
    static final Pattern WORD = Pattern.compile("[a-z0-9_]{1,16}");

    /**
     * Values that are legitimate in that place, left out of the corpus: a blank attribute means
     * the default (VG_NAME, BRIDGE_LIST, MD5, FS; a blank SOURCE has nothing to remove), any
     * well-formed VG name is one, a list of host names is a BRIDGE_LIST.
     */
    static boolean legitimate(String field, String v) {
        boolean blank = v.isBlank();
        return switch (field) {
            case "VG_NAME" -> blank || v.matches("[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}") && !v.equals(".") && !v.equals("..");
            case "BRIDGE_LIST" -> blank || java.util.Arrays.stream(v.strip().split("\\s+")).allMatch(h -> HOST.matcher(h).matches());
            case "MD5", "SOURCE" -> blank;
            case "FS", "FORMAT" -> blank || WORD.matcher(v).matches();
            default -> false;
        };
    }

    List<Case> all() {
        List<Case> l = new ArrayList<>();
        tm().forEach((a, args) -> tmCases(l, a, args));
        for (Ds d : ds()) {
            dsCases(l, d);
        }
        for (String p : payloads()) { // unknown action names
            l.add(new Case("tm action " + Printable.value(p), "tm", p, List.of("42"), null, false));
            l.add(new Case("ds action " + Printable.value(p), "ds", p, List.of("10"), "", false));
        }
        return l;
    }

    private void tmCases(List<Case> l, String action, List<String> base) {
        for (int i = 0; i < base.size(); i++) {
            String arg = base.get(i);
            boolean host = action.endsWith("migrate") && i < 2;
            boolean format = action.equals("mkimage") && i == 1;
            for (String p : payloads()) {
                if (p.equals(arg) || host && HOST.matcher(p).matches() || format && WORD.matcher(p).matches()) {
                    continue;
                }
                l.add(tm(action, base, i, p, "arg " + i));
                int colon = arg.indexOf(':');
                if (colon > 0 && arg.startsWith("host")) { // host:path: the host, then the path
                    if (!HOST.matcher(p).matches()) {
                        l.add(tm(action, base, i, p + arg.substring(colon), "host of arg " + i));
                    }
                    if (!p.equals(".") && !p.isEmpty()) { // "disk.0/." and "disk.0/" are disk.0
                        l.add(tm(action, base, i, arg + "/" + p, "path of arg " + i));
                    }
                }
            }
        }
        List<String> fewer = new ArrayList<>(base.subList(0, base.size() - 1));
        l.add(new Case("tm " + action + " without its last argument", "tm", action, fewer, null, false));
        List<String> more = new ArrayList<>(base);
        more.add("; touch " + canary);
        if (!action.endsWith("migrate")) { // the migrate actions take an optional template
            l.add(new Case("tm " + action + " with an extra argument", "tm", action, more, null, false));
        }
    }

    private Case tm(String action, List<String> base, int at, String value, String what) {
        List<String> args = new ArrayList<>(base);
        args.set(at, value);
        return new Case("tm " + action + " " + what + " " + Printable.value(value), "tm", action, args, null, false);
    }

    private void dsCases(List<Case> l, Ds d) {
        for (String p : payloads()) {
            if (!p.equals(d.id())) {
                l.add(new Case("ds " + d.action() + " id " + Printable.value(p), "ds", d.action(), List.of(p),
                        d.doc(), true));
            }
            for (String f : d.fields()) {
                if (legitimate(f, p)) {
                    continue;
                }
                l.add(new Case("ds " + d.action() + " " + f + " " + Printable.value(p), "ds", d.action(),
                        List.of(d.id()), replace(d.doc(), f, p), true));
            }
        }
        // stdin that is not the document
        String doc = d.doc();
        List<String> raw = List.of("", "%%% not base64 %%%", "aGVsbG8=", "====", "\u0000\u0001", "x".repeat(100_000));
        for (String s : raw) {
            l.add(new Case("ds " + d.action() + " stdin " + Printable.value(s), "ds", d.action(), List.of(d.id()), s, false));
        }
        List<String> docs = new ArrayList<>(List.of("", "hello", "<DS_DRIVER_ACTION_DATA>", doc.substring(0, doc.length() / 2),
                doc.replace("<DS_DRIVER_ACTION_DATA>", "<OTHER>").replace("</DS_DRIVER_ACTION_DATA>", "</OTHER>"),
                "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + doc.replace("<NAME>images</NAME>", "<NAME>&e;</NAME>"),
                "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                        + doc.replace("<NAME>images</NAME>", "<NAME>&b;</NAME>"),
                doc.replace("</DS_DRIVER_ACTION_DATA>", doc.substring("<DS_DRIVER_ACTION_DATA>".length()))));
        for (String s : docs) {
            l.add(new Case("ds " + d.action() + " document " + Printable.value(s), "ds", d.action(), List.of(d.id()), s,
                    true));
        }
    }

    /** {@code doc} with field {@code f} ("IMAGE/ID", "DATASTORE/ID" or an element name) holding {@code value}. */
    static String replace(String doc, String f, String value) {
        String name = f.contains("/") ? f.substring(f.indexOf('/') + 1) : f;
        int from = f.startsWith("IMAGE/") ? doc.indexOf("<IMAGE>") : f.startsWith("DATASTORE/") ? doc.indexOf("<DATASTORE>") : 0;
        Matcher m = Pattern.compile("<" + name + ">(<!\\[CDATA\\[.*?]]>|[^<]*)</" + name + ">").matcher(doc);
        if (!m.find(from)) {
            throw new IllegalArgumentException("no " + f + " in " + doc);
        }
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return doc.substring(0, m.start()) + "<" + name + ">" + escaped + "</" + name + ">" + doc.substring(m.end());
    }
}
