package io.storagedrivers.exec.copy;

import java.util.Map;

import io.storagedrivers.spi.Settings;

/**
 * Paths of the data-path programs on the machines that run them. Bare names are looked up on that
 * machine's PATH. They belong to the driver's configuration (set by the operator who installed
 * it), not to anything a datastore or volume owner can edit.
 *
 * @param dd         GNU dd (needs {@code conv=sparse} and the {@code *_bytes} flags: not busybox)
 * @param qemuImg    qemu-img
 * @param blkdiscard util-linux blkdiscard (needs {@code --zeroout})
 */
public record CopyTools(String dd, String qemuImg, String blkdiscard) {
    public static final String DD = "DD";
    public static final String QEMU_IMG = "QEMU_IMG";
    public static final String BLKDISCARD = "BLKDISCARD";

    public static CopyTools defaults() {
        return new CopyTools("dd", "qemu-img", "blkdiscard");
    }

    /** From driver settings ({@code DD}, {@code QEMU_IMG}, {@code BLKDISCARD}); unset or blank: the default. */
    public static CopyTools from(Map<String, String> settings) {
        return new CopyTools(Settings.get(settings, DD, "dd"), Settings.get(settings, QEMU_IMG, "qemu-img"),
                Settings.get(settings, BLKDISCARD, "blkdiscard"));
    }
}
