package io.storagedrivers.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;

/**
 * The "fence and fill" set-up of the zero-read proofs on the device-mapper VM host ("a new volume
 * never shows a deleted volume's bytes"): every free extent of the VG but a small region is
 * allocated, without data, to a fence LV, so the volumes the test makes next all land on that
 * region. The test fills every extent of it with marker data through volumes it then removes
 * ({@link #assertAllFree}: nothing of the region is left out of the proof), makes new volumes on
 * it and reads them whole on the VM for the marker ({@link #bytesOf}, {@link #linesWith}), with a
 * control volume made without zeroing that must show it. {@link #close} removes the fence. Made by
 * {@link #fence}: the record's fields are what it was made with.
 */
public record FencedRegion(CommandRunner local, String vg, String fenceLv, long bytes) implements AutoCloseable {
    private static final long MIB = 1024L * 1024;

    /**
     * Allocates all free extents of {@code vg} but {@code bytes} to the fence LV {@code fenceLv}
     * (run by {@code local}, where the VG's metadata may change); the region left is exactly
     * {@code bytes} (a whole number of extents).
     */
    public static FencedRegion fence(CommandRunner local, String vg, String fenceLv, long bytes) {
        String[] f = local.run(Command.of("vgs", "--noheadings", "--units", "b", "--nosuffix", "-o",
                "vg_extent_size,vg_free_count", vg)).stdout().strip().split("\\s+");
        long extent = Long.parseLong(f[0]);
        long fence = Long.parseLong(f[1]) - bytes / extent;
        assertTrue(fence > 0, "the VG has more than " + bytes + " bytes free");
        local.run(Command.of("lvcreate", "-an", "-Zn", "--wipesignatures", "n", "-l", Long.toString(fence),
                "-n", fenceLv, "-y", vg));
        FencedRegion region = new FencedRegion(local, vg, fenceLv, bytes);
        region.assertAllFree("the fence leaves exactly the region free");
        return region;
    }

    /** The VG's free bytes now. */
    public long freeBytes() {
        return Long.parseLong(local.run(Command.of("vgs", "--noheadings", "--units", "b", "--nosuffix", "-o",
                "vg_free", vg)).stdout().strip());
    }

    /** Every extent of the region is free: the volumes that filled it are all removed. */
    public void assertAllFree(String message) {
        assertEquals(bytes, freeBytes(), message);
    }

    /** Removes the fence LV. */
    @Override
    public void close() {
        local.run(Command.of("lvremove", "-y", vg + "/" + fenceLv));
    }

    /** Writes byte {@code value} over the first {@code size} bytes (whole MiB) of {@code dev} on the VM, direct I/O. */
    public static void fillWithByte(CommandRunner vm, String dev, long size, int value) {
        String octal = "\\" + Integer.toOctalString(value & 0xff);
        vm.run(Command.of("sh", "-c", "tr '\\000' '" + octal + "' < /dev/zero | head -c 1048576 > /tmp/sd-pattern"
                + " && i=0; while [ $i -lt " + size / MIB + " ]; do /usr/bin/dd if=/tmp/sd-pattern of=" + dev
                + " bs=1M seek=$i count=1 oflag=direct conv=notrunc status=none || exit 1; i=$((i+1)); done;"
                + " rm -f /tmp/sd-pattern").withTimeout(Duration.ofMinutes(10)));
    }

    /** How many of the {@code size} bytes of {@code dev} are {@code value}, read whole on the VM (direct I/O). */
    public static long bytesOf(CommandRunner vm, String dev, long size, int value) {
        String octal = "\\" + Integer.toOctalString(value & 0xff);
        long other = Long.parseLong(vm.run(Command.of("sh", "-c", "/usr/bin/dd if=" + dev
                + " bs=1M iflag=direct status=none | tr -d '" + octal + "' | wc -c").withTimeout(Duration.ofMinutes(10)))
                .stdout().strip());
        return size - other;
    }

    /**
     * Lines holding {@code marker} in the whole of {@code dev}, read on the VM with direct I/O by one
     * command (NUL bytes dropped first, so a marker next to zeroes still counts as a line).
     */
    public static long linesWith(CommandRunner vm, String dev, String marker) {
        return Long.parseLong(vm.run(Command.of("sh", "-c", "/usr/bin/dd if=" + dev
                + " bs=1M iflag=direct status=none | tr -d '\\000' | grep -c -F -e '" + marker + "'; true")
                .withTimeout(Duration.ofMinutes(5))).stdout().strip());
    }
}
