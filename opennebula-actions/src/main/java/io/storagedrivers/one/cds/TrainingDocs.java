package io.storagedrivers.one.cds;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The OpenNebula documents of the training run, shaped as oned writes them: image datastore
 * {@value #IMAGE_DS}, system datastore {@value #SYSTEM_DS} (shared), VM {@value #VM} with two
 * volatile disks and two disks cloned from image {@value #IMAGE}, deployed on host1 and then on
 * host2, and the base64 action data of the datastore actions.
 *
 * @param tm          the driver's TM_MAD / DS_MAD name
 * @param imageSource the image's SOURCE as the driver writes it
 * @param template    datastore template elements the driver needs (its pool), XML
 */
public record TrainingDocs(String tm, String imageSource, String template) {
    static final int IMAGE_DS = 101;
    static final int SYSTEM_DS = 100;
    static final int VM = 42;
    static final int IMAGE = 20;
    static final String LOCATION = "/var/lib/one/datastores";

    String vm(int id) {
        StringBuilder x = new StringBuilder("<VM><ID>").append(id).append("</ID><UID>0</UID><GID>0</GID><NAME>cds</NAME>")
                .append("<STATE>3</STATE><LCM_STATE>3</LCM_STATE><DEPLOY_ID>one-").append(id).append("</DEPLOY_ID><TEMPLATE>");
        for (int d = 0; d < 4; d++) {
            x.append("<DISK><DISK_ID>").append(d).append("</DISK_ID><SIZE>8</SIZE><TARGET>vd").append((char) ('a' + d))
                    .append("</TARGET><DISK_TYPE><![CDATA[BLOCK]]></DISK_TYPE>");
            if (d < 2) {
                x.append("<TYPE>fs</TYPE><FORMAT>raw</FORMAT>");
            } else {
                x.append("<IMAGE_ID>").append(IMAGE + d).append("</IMAGE_ID><SOURCE><![CDATA[").append(imageSource)
                        .append("]]></SOURCE><CLONE>YES</CLONE><CLONE_TARGET>SYSTEM</CLONE_TARGET><LN_TARGET>NONE</LN_TARGET>")
                        .append("<DATASTORE_ID>").append(IMAGE_DS).append("</DATASTORE_ID><TM_MAD>").append(tm)
                        .append("</TM_MAD><TYPE>BLOCK</TYPE><DRIVER>raw</DRIVER>");
            }
            x.append("</DISK>");
        }
        x.append("</TEMPLATE><HISTORY_RECORDS>");
        String[] hosts = {"host1", "host2"};
        for (int seq = 0; seq < hosts.length; seq++) {
            x.append("<HISTORY><OID>").append(id).append("</OID><SEQ>").append(seq).append("</SEQ><HOSTNAME>")
                    .append(hosts[seq]).append("</HOSTNAME><VM_MAD>kvm</VM_MAD><TM_MAD>").append(tm)
                    .append("</TM_MAD><DS_ID>").append(SYSTEM_DS).append("</DS_ID></HISTORY>");
        }
        return x.append("</HISTORY_RECORDS></VM>").toString();
    }

    String datastore(int id) {
        boolean system = id == SYSTEM_DS;
        return "<DATASTORE><ID>" + id + "</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME>"
                + "<NAME>cds" + id + "</NAME><DS_MAD><![CDATA[" + (system ? "-" : tm) + "]]></DS_MAD><TM_MAD><![CDATA["
                + tm + "]]></TM_MAD><BASE_PATH><![CDATA[" + LOCATION + "/" + id + "]]></BASE_PATH><TYPE>"
                + (system ? 1 : 0) + "</TYPE><DISK_TYPE>2</DISK_TYPE><STATE>0</STATE><CLUSTERS><ID>0</ID></CLUSTERS>"
                + "<TOTAL_MB>0</TOTAL_MB><FREE_MB>0</FREE_MB><USED_MB>0</USED_MB><TEMPLATE>" + template
                + "<DISK_TYPE><![CDATA[BLOCK]]></DISK_TYPE>" + (system ? "<SHARED><![CDATA[YES]]></SHARED>" : "")
                + "<TM_MAD><![CDATA[" + tm + "]]></TM_MAD></TEMPLATE></DATASTORE>";
    }

    String image(int id) {
        return "<IMAGE><ID>" + id + "</ID><UID>0</UID><GID>0</GID><NAME>img" + id + "</NAME><TYPE>0</TYPE>"
                + "<DISK_TYPE>2</DISK_TYPE><PERSISTENT>0</PERSISTENT><SOURCE><![CDATA[" + imageSource + "]]></SOURCE>"
                + "<PATH><![CDATA[/nonexistent/storage-drivers-cds-training.img]]></PATH><FORMAT><![CDATA[raw]]></FORMAT><FS></FS><SIZE>8</SIZE><STATE>1</STATE>"
                + "<CLONING_ID>-1</CLONING_ID><DATASTORE_ID>" + IMAGE_DS + "</DATASTORE_ID><DATASTORE>cds</DATASTORE>"
                + "<TEMPLATE></TEMPLATE></IMAGE>";
    }

    /** Base64 DS_DRIVER_ACTION_DATA of an image action on the image datastore. */
    String imageAction() {
        return b64("<DS_DRIVER_ACTION_DATA>" + image(IMAGE) + datastore(IMAGE_DS) + "</DS_DRIVER_ACTION_DATA>");
    }

    /** Base64 DS_DRIVER_ACTION_DATA of a monitor of {@code ds}, with the VMs' disks for a system datastore. */
    String monitorAction(int ds) {
        return b64("<DS_DRIVER_ACTION_DATA>" + datastore(ds) + "<DATASTORE_LOCATION>" + LOCATION
                + "</DATASTORE_LOCATION><MONITOR_VM_DISKS>1</MONITOR_VM_DISKS></DS_DRIVER_ACTION_DATA>");
    }

    /** Base64 VM document, as the migrate actions get it on stdin. */
    String vmOnStdin() {
        return b64(vm(VM));
    }

    private static String b64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }
}
