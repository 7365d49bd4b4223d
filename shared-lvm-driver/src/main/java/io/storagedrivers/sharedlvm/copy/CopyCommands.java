package io.storagedrivers.sharedlvm.copy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.storagedrivers.exec.Command;

/**
 * argv of the data-path tools: {@code dd} (GNU coreutils), {@code qemu-img}, {@code blkdiscard}.
 * Block counts are in MiB ({@code bs=1M}); LV sizes are whole extents, so LV-to-LV copies are
 * always whole blocks and may use direct I/O, which keeps a host's page cache out of the way of
 * the shared LUN.
 */
public final class CopyCommands {
    /** dd block size. */
    public static final long BLOCK = 1024L * 1024;

    private final String dd;
    private final String qemuImg;
    private final String blkdiscard;

    /** Program paths (bare names are looked up on the PATH of the machine that runs them). */
    public CopyCommands(String dd, String qemuImg, String blkdiscard) {
        this.dd = dd;
        this.qemuImg = qemuImg;
        this.blkdiscard = blkdiscard;
    }

    /**
     * One chunk of a device-to-device (or file-to-device) copy: blocks {@code [first, first+count)}.
     * {@code sparse}: all-zero blocks are skipped (seeked over), not written.
     */
    public Command ddChunk(String src, String dst, long firstBlock, long blocks, boolean sparse, boolean direct,
                           Duration timeout) {
        List<String> argv = new ArrayList<>(List.of(dd, "if=" + src, "of=" + dst, "bs=1M",
                "skip=" + firstBlock, "seek=" + firstBlock, "count=" + blocks));
        if (direct) {
            argv.add("iflag=direct");
            argv.add("oflag=direct");
        }
        argv.add(sparse ? "conv=sparse,notrunc,fsync" : "conv=notrunc,fsync");
        argv.add("status=none");
        return Command.of(argv).withTimeout(timeout);
    }

    /** dd writing its standard input to {@code dst} (an image streamed from the frontend). */
    public Command ddFromStdin(String dst, boolean sparse, Duration timeout) {
        return Command.of(dd, "of=" + dst, "bs=1M", "iflag=fullblock",
                sparse ? "conv=sparse,notrunc,fsync" : "conv=notrunc,fsync", "status=none").withTimeout(timeout);
    }

    /**
     * {@code qemu-img convert -n}: writes any format as raw into the existing device. With
     * {@code targetIsZero} zero areas are skipped instead of written as zeroes.
     */
    public Command convertInto(String file, String format, String dst, boolean targetIsZero, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of(qemuImg, "convert", "-n", "-f", format, "-O", "raw"));
        if (targetIsZero) {
            argv.add("--target-is-zero");
        }
        argv.add(file);
        argv.add(dst);
        return Command.of(argv).withTimeout(timeout);
    }

    /** {@code qemu-img convert} to a new sparse raw file (frontend staging before a stream). */
    public Command convertToRawFile(String file, String format, String rawFile, Duration timeout) {
        return Command.of(qemuImg, "convert", "-f", format, "-O", "raw", file, rawFile).withTimeout(timeout);
    }


    /** Zeroes a whole device (BLKZEROOUT: offloaded to the array where it supports it). */
    public Command zero(String dev, Duration timeout) {
        return Command.of(blkdiscard, "-z", dev).withTimeout(timeout);
    }
}
