package io.storagedrivers.one;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One DISK of a VM template. Image disks have {@code imageId >= 0}; volatile disks have -1.
 *
 * @param cloned     CLONE=YES: the VM uses a private copy of the image
 * @param persistent PERSISTENT=YES: the VM uses the image itself
 * @param type       DISK TYPE as oned writes it (BLOCK, FILE, CDROM, fs, swap...)
 * @param sizeMb     SIZE in MB, -1 when absent
 * @param tmMad      the disk's TM_MAD (its image datastore's), "" for volatile disks
 * @param attributes every single-valued attribute of the DISK
 */
public record OneDisk(int diskId, int imageId, String source, boolean cloned, boolean persistent, String type,
                      long sizeMb, String format, String fs, String tmMad, int datastoreId,
                      Map<String, String> attributes) {

    public OneDisk {
        attributes = Map.copyOf(attributes);
    }

    static OneDisk from(JsonNode n) {
        String w = "DISK";
        int diskId = OneXml.intValue(n, "DISK_ID", w, -1);
        if (diskId < 0) {
            throw new OneException("a VM DISK has no DISK_ID");
        }
        w = "DISK[" + diskId + "]";
        return new OneDisk(diskId,
                OneXml.intValue(n, "IMAGE_ID", w, -1),
                OneXml.text(n, "SOURCE", w),
                yes(OneXml.text(n, "CLONE", w)),
                yes(OneXml.text(n, "PERSISTENT", w)),
                OneXml.text(n, "TYPE", w),
                OneXml.longValue(n, "SIZE", w, -1),
                OneXml.text(n, "FORMAT", w),
                OneXml.text(n, "FS", w),
                OneXml.text(n, "TM_MAD", w),
                OneXml.intValue(n, "DATASTORE_ID", w, -1),
                OneXml.attributes(n));
    }

    private static boolean yes(String v) {
        return "YES".equals(v.toUpperCase(Locale.ROOT));
    }

    public boolean isVolatile() {
        return imageId < 0;
    }

    public boolean isCdrom() {
        return "CDROM".equalsIgnoreCase(type);
    }

    /**
     * Whether the VM owns this disk's volume (a clone or a volatile disk) and may remove it.
     * Persistent images and CD-ROMs belong to the image datastore and are never removed by a VM action.
     */
    public boolean vmOwnsVolume() {
        return isVolatile() || (cloned && !persistent && !isCdrom());
    }
}
