package io.storagedrivers.one;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The IMAGE element of a DS action document (as {@code oneimage show -x}). Sizes are in MB as
 * oned writes them; absent numbers are -1.
 *
 * @param template the image's TEMPLATE attributes (MD5, SHA1, DEV_PREFIX...)
 */
public record OneImage(int id, String name, int type, boolean persistent, String source, String path,
                       String format, String fs, long sizeMb, int cloningId, int datastoreId,
                       int targetSnapshot, Map<String, String> template) {

    /** IMAGE/TYPE 1: a CD-ROM image (never copied, never written). */
    public static final int TYPE_CDROM = 1;

    public OneImage {
        template = Map.copyOf(template);
    }

    static OneImage from(JsonNode n) {
        String w = "IMAGE";
        return new OneImage(
                OneXml.intValue(n, "ID", w, -1),
                OneXml.text(n, "NAME", w),
                OneXml.intValue(n, "TYPE", w, -1),
                OneXml.intValue(n, "PERSISTENT", w, 0) == 1,
                OneXml.text(n, "SOURCE", w),
                OneXml.text(n, "PATH", w),
                OneXml.text(n, "FORMAT", w),
                OneXml.text(n, "FS", w),
                OneXml.longValue(n, "SIZE", w, -1),
                OneXml.intValue(n, "CLONING_ID", w, -1),
                OneXml.intValue(n, "DATASTORE_ID", w, -1),
                OneXml.intValue(n, "TARGET_SNAPSHOT", w, -1),
                OneXml.attributes(n.get("TEMPLATE")));
    }

    /** A template attribute, "" when absent. */
    public String attr(String key) {
        return template.getOrDefault(key, "");
    }
}
