package io.storagedrivers.one;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A DATASTORE element (from an action document or {@code onedatastore show -x}).
 *
 * @param type     0 image, 1 system, 2 file, 3 backup
 * @param template what the admin wrote plus what oned copied from TM_MAD_CONF (VG_NAME, BRIDGE_LIST...)
 */
public record OneDatastore(int id, String name, String dsMad, String tmMad, String basePath, int type,
                           Map<String, String> template) {

    public static final int TYPE_SYSTEM = 1;

    public OneDatastore {
        template = Map.copyOf(template);
    }

    static OneDatastore from(JsonNode n) {
        String w = "DATASTORE";
        int id = OneXml.intValue(n, "ID", w, -1);
        if (id < 0) {
            throw new OneException("DATASTORE/ID is missing");
        }
        return new OneDatastore(id,
                OneXml.text(n, "NAME", w),
                OneXml.text(n, "DS_MAD", w),
                OneXml.text(n, "TM_MAD", w),
                OneXml.text(n, "BASE_PATH", w),
                OneXml.intValue(n, "TYPE", w, -1),
                OneXml.attributes(n.get("TEMPLATE")));
    }

    /** A template attribute, "" when absent. */
    public String attr(String key) {
        return template.getOrDefault(key, "");
    }

    /** BRIDGE_LIST split on whitespace (names are validated where they are used). */
    public List<String> bridgeList() {
        String b = attr("BRIDGE_LIST").strip();
        return b.isEmpty() ? List.of() : Arrays.asList(b.split("\\s+"));
    }
}
