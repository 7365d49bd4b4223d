package io.storagedrivers.linstor.one;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.storagedrivers.testsupport.ShimHarness;

/**
 * OpenNebula around the linstor shims for integration tests: {@link ShimHarness} (the shims run as
 * oned runs them, onevm/onedatastore stand-ins) plus the XML oned writes for linstor (datastores,
 * VMs, DS action documents).
 */
final class OneStage extends ShimHarness {
    /** DATASTORE_LOCATION: the datastores' BASE_PATH parent. */
    final String location;

    OneStage(Path work) throws IOException {
        this(work, work.resolve("datastores").toString());
    }

    /** {@code location}: DATASTORE_LOCATION (e.g. an installed frontend's, see {@link LinstorWorld}). */
    OneStage(Path work, String location) throws IOException {
        super(work, "linstor", "linstor-driver");
        this.location = location;
    }

    /** A DS action on the document oned builds from one IMAGE and its DATASTORE. */
    Result ds(String action, String id, String imageXml, String datastoreXml) throws Exception {
        return ds(action, id, "<DS_DRIVER_ACTION_DATA>" + imageXml + datastoreXml + "</DS_DRIVER_ACTION_DATA>");
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
        writeDatastore(id, xml);
        return xml;
    }

    /**
     * A system datastore of another driver ({@code ssh}, {@code shared}) as onedatastore show -x
     * prints it: no LINSTOR attributes at all.
     */
    String otherSystemDatastore(int id, String tmMad) throws IOException {
        Map<String, String> t = new java.util.LinkedHashMap<>();
        t.put("TM_MAD", tmMad);
        t.put("TYPE", "SYSTEM_DS");
        t.put("SHARED", "shared".equals(tmMad) ? "YES" : "NO");
        t.put("DISK_TYPE", "FILE");
        String xml = "<DATASTORE><ID>" + id + "</ID><UID>0</UID><NAME>" + tmMad + id + "</NAME>"
                + "<DS_MAD><![CDATA[-]]></DS_MAD><TM_MAD>" + tmMad + "</TM_MAD>"
                + "<BASE_PATH>" + location + "/" + id + "</BASE_PATH><TYPE>1</TYPE>"
                + "<DISK_TYPE>0</DISK_TYPE><STATE>0</STATE><TOTAL_MB>0</TOTAL_MB><FREE_MB>0</FREE_MB><USED_MB>0</USED_MB>"
                + element("TEMPLATE", t) + "</DATASTORE>";
        writeDatastore(id, xml);
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
        writeVm(id, xml);
        return xml;
    }
}
