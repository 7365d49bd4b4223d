package io.storagedrivers.sharedlvm.one;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the XML oned produces (onevm show -x, onedatastore show -x, DS_DRIVER_ACTION_DATA), with
 * the elements the drivers read and the usual noise around them.
 */
final class OneXmlBuilder {
    private OneXmlBuilder() {
    }

    static String cdata(String v) {
        return "<![CDATA[" + v + "]]>";
    }

    static String element(String name, Map<String, String> attrs) {
        StringBuilder sb = new StringBuilder("<" + name + ">");
        attrs.forEach((k, v) -> sb.append('<').append(k).append('>').append(cdata(v)).append("</").append(k).append('>'));
        return sb.append("</").append(name).append('>').toString();
    }

    /** A datastore as onedatastore show -x prints it. */
    static String datastore(int id, String name, int type, Map<String, String> template) {
        Map<String, String> t = new LinkedHashMap<>(template);
        t.putIfAbsent("DISK_TYPE", "BLOCK");
        t.putIfAbsent("TM_MAD", "shared_lvm");
        t.putIfAbsent("TYPE", type == 1 ? "SYSTEM_DS" : "IMAGE_DS");
        return "<DATASTORE><ID>" + id + "</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME>"
                + "<NAME>" + name + "</NAME><PERMISSIONS><OWNER_U>1</OWNER_U><OWNER_M>1</OWNER_M></PERMISSIONS>"
                + "<DS_MAD>" + cdata(type == 1 ? "-" : "shared_lvm") + "</DS_MAD><TM_MAD>" + cdata("shared_lvm") + "</TM_MAD>"
                + "<BASE_PATH>" + cdata("/var/lib/one//datastores/" + id) + "</BASE_PATH>"
                + "<TYPE>" + type + "</TYPE><DISK_TYPE>2</DISK_TYPE><STATE>0</STATE><CLUSTERS><ID>0</ID></CLUSTERS>"
                + "<TOTAL_MB>0</TOTAL_MB><FREE_MB>0</FREE_MB><USED_MB>0</USED_MB><IMAGES></IMAGES>"
                + element("TEMPLATE", t) + "</DATASTORE>";
    }

    /** An IMAGE element of a DS action document. */
    static String image(int id, String path, String source, long sizeMb, String format, boolean persistent,
                        Map<String, String> template) {
        return "<IMAGE><ID>" + id + "</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME>"
                + "<NAME>img" + id + "</NAME><TYPE>" + ("save_as".equals(format) ? 2 : 0) + "</TYPE><DISK_TYPE>2</DISK_TYPE>"
                + "<PERSISTENT>" + (persistent ? 1 : 0) + "</PERSISTENT><REGTIME>1700000000</REGTIME>"
                + "<SOURCE>" + cdata(source) + "</SOURCE><PATH>" + cdata(path) + "</PATH>"
                + "<FORMAT>" + cdata(format) + "</FORMAT><FS>" + cdata("") + "</FS><SIZE>" + sizeMb + "</SIZE>"
                + "<STATE>4</STATE><RUNNING_VMS>0</RUNNING_VMS><CLONING_OPS>0</CLONING_OPS><CLONING_ID>-1</CLONING_ID>"
                + "<TARGET_SNAPSHOT>-1</TARGET_SNAPSHOT><DATASTORE_ID>101</DATASTORE_ID><DATASTORE>images</DATASTORE>"
                + "<VMS></VMS><CLONES></CLONES>" + element("TEMPLATE", template)
                + "<SNAPSHOTS><ALLOW_ORPHANS>" + cdata("YES") + "</ALLOW_ORPHANS></SNAPSHOTS></IMAGE>";
    }

    static String dsAction(String imageXml, String datastoreXml, String extra) {
        return "<DS_DRIVER_ACTION_DATA>" + imageXml + datastoreXml + extra + "</DS_DRIVER_ACTION_DATA>";
    }

    /** One DISK of a VM template. */
    record Disk(int id, int imageId, String source, boolean cloned, boolean persistent, long sizeMb, int datastoreId,
                String type) {
        String xml() {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("DISK_ID", Integer.toString(id));
            if (imageId >= 0) {
                a.put("IMAGE_ID", Integer.toString(imageId));
                a.put("SOURCE", source);
                a.put("CLONE", cloned ? "YES" : "NO");
                a.put("CLONE_TARGET", "SELF");
                a.put("LN_TARGET", "NONE");
                a.put("DATASTORE_ID", Integer.toString(datastoreId));
                a.put("TM_MAD", "shared_lvm");
                if (persistent) {
                    a.put("PERSISTENT", "YES");
                    a.put("SAVE", "YES");
                }
            } else {
                a.put("FORMAT", "raw");
            }
            a.put("DISK_TYPE", "BLOCK");
            a.put("DRIVER", "raw");
            a.put("SIZE", Long.toString(sizeMb));
            a.put("TARGET", "vd" + (char) ('a' + id));
            a.put("TYPE", type);
            return element("DISK", a);
        }
    }

    /** A VM as onevm show -x prints it; {@code hosts} are the HISTORY records' HOSTNAMEs in order. */
    static String vm(int id, int state, int lcmState, List<Disk> disks, int contextDiskId, int systemDsId,
                     List<String> hosts) {
        StringBuilder sb = new StringBuilder("<VM><ID>" + id + "</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME>"
                + "<GNAME>oneadmin</GNAME><NAME>vm" + id + "</NAME><PERMISSIONS><OWNER_U>1</OWNER_U></PERMISSIONS>"
                + "<LAST_POLL>0</LAST_POLL><STATE>" + state + "</STATE><LCM_STATE>" + lcmState + "</LCM_STATE>"
                + "<PREV_STATE>3</PREV_STATE><PREV_LCM_STATE>3</PREV_LCM_STATE><RESCHED>0</RESCHED>"
                + "<STIME>1700000000</STIME><ETIME>0</ETIME><DEPLOY_ID>one-" + id + "</DEPLOY_ID><MONITORING/>"
                + "<TEMPLATE>");
        if (contextDiskId >= 0) {
            sb.append(element("CONTEXT", Map.of("DISK_ID", Integer.toString(contextDiskId), "NETWORK", "YES",
                    "TARGET", "hda")));
        }
        sb.append("<CPU>").append(cdata("1")).append("</CPU>");
        for (Disk d : disks) {
            sb.append(d.xml());
        }
        sb.append("<MEMORY>").append(cdata("256")).append("</MEMORY><VMID>").append(cdata(Integer.toString(id)))
                .append("</VMID></TEMPLATE><USER_TEMPLATE/><HISTORY_RECORDS>");
        List<String> h = new ArrayList<>(hosts);
        for (int seq = 0; seq < h.size(); seq++) {
            sb.append("<HISTORY><OID>").append(id).append("</OID><SEQ>").append(seq).append("</SEQ><HOSTNAME>")
                    .append(h.get(seq)).append("</HOSTNAME><HID>").append(seq).append("</HID><CID>0</CID>")
                    .append("<VM_MAD>").append(cdata("kvm")).append("</VM_MAD><TM_MAD>").append(cdata("shared_lvm"))
                    .append("</TM_MAD><DS_ID>").append(systemDsId).append("</DS_ID><ACTION>0</ACTION></HISTORY>");
        }
        return sb.append("</HISTORY_RECORDS></VM>").toString();
    }
}
