package io.storagedrivers.exec.copy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.storagedrivers.exec.Command;

/**
 * argv of the data-path tools, the only place they are spelled: {@code dd} (GNU coreutils),
 * {@code qemu-img}, {@code blkdiscard} (util-linux). Program paths come from the driver's own
 * configuration ({@link CopyTools}), never from a datastore template.
 *
 * <p>Offsets and lengths are bytes ({@code skip_bytes}, {@code seek_bytes}, {@code count_bytes}),
 * so the block size ({@link #BLOCK_SIZE}) is independent of how a copy is cut into chunks. Volume
 * sizes are whole extents (LVM) or whole KiB (LINSTOR), so device-to-device copies use direct I/O
 * on both sides: no page cache on either host between two views of one shared LUN, and no copy of
 * the data through the kernel (measured on the emulated VM host: {@code bs=4M} with direct I/O
 * both ways moves 512 MiB in 1.1 s, {@code bs=1M oflag=direct} in 5.5 s).
 */
public final class CopyCommands {
    /** dd block size in bytes (4 MiB: a whole default LVM extent). */
    public static final long BLOCK = 4L * 1024 * 1024;
    static final String BLOCK_SIZE = "4M";

    private final CopyTools tools;

    public CopyCommands(CopyTools tools) {
        this.tools = tools;
    }

    public CopyTools tools() {
        return tools;
    }

    /**
     * Bytes {@code [offset, offset+length)} of {@code src} to the same offsets of {@code dst}.
     * {@code sparse}: blocks that are all zero are skipped (seeked over), which is only correct when
     * {@code dst} already reads as zero there; otherwise every byte is written.
     */
    public Command ddRange(String src, String dst, long offset, long length, boolean sparse, boolean direct,
                           Duration timeout) {
        List<String> argv = new ArrayList<>(List.of(tools.dd(), "if=" + src, "of=" + dst, "bs=" + BLOCK_SIZE,
                "skip=" + offset, "seek=" + offset, "count=" + length,
                direct ? "iflag=skip_bytes,count_bytes,direct" : "iflag=skip_bytes,count_bytes",
                direct ? "oflag=seek_bytes,direct" : "oflag=seek_bytes"));
        argv.add(sparse ? "conv=sparse,notrunc,fsync" : "conv=notrunc,fsync");
        argv.add("status=none");
        return Command.of(argv).withTimeout(timeout);
    }

    /**
     * dd of a whole device into a new regular file, skipping all-zero blocks (holes in a new file
     * read as zero, so this is correct, and the file takes only the space of the data).
     */
    public Command ddToNewFile(String device, String file, Duration timeout) {
        return Command.of(tools.dd(), "if=" + device, "of=" + file, "bs=" + BLOCK_SIZE, "conv=sparse", "status=none")
                .withTimeout(timeout);
    }

    /** dd writing its standard input into the regular file {@code file}, made anew (a small file sent to a host). */
    public Command ddToFile(String file, Duration timeout) {
        return Command.of(tools.dd(), "of=" + file, "bs=" + BLOCK_SIZE, "status=none").withTimeout(timeout);
    }

    /** dd writing its standard input to {@code dst} from byte 0 (an image streamed over SSH). */
    public Command ddFromStdin(String dst, boolean sparse, Duration timeout) {
        return Command.of(tools.dd(), "of=" + dst, "bs=" + BLOCK_SIZE, "iflag=fullblock",
                sparse ? "conv=sparse,notrunc,fsync" : "conv=notrunc,fsync", "status=none").withTimeout(timeout);
    }

    /**
     * {@code qemu-img convert -n}: writes any format as raw into the existing device. With
     * {@code targetIsZero} zero areas are skipped; without it qemu-img writes them as zeroes
     * (write-zeroes requests, which the device may offload).
     */
    public Command convertInto(String file, String format, String dst, boolean targetIsZero, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of(tools.qemuImg(), "convert", "-n", "-f", format, "-O", "raw"));
        if (targetIsZero) {
            argv.add("--target-is-zero");
        }
        argv.add(file);
        argv.add(dst);
        return Command.of(argv).withTimeout(timeout);
    }

    /** {@code qemu-img convert} to a new sparse raw file (staging before a stream to a host). */
    public Command convertToRawFile(String file, String format, String rawFile, Duration timeout) {
        return Command.of(tools.qemuImg(), "convert", "-f", format, "-O", "raw", file, rawFile).withTimeout(timeout);
    }

    /** {@code qemu-img info --output=json} of a file (format, virtual size, backing file). */
    public Command info(String file, String format, Duration timeout) {
        Command c = Command.of(tools.qemuImg(), "info", "--output=json");
        if (format != null) {
            c = c.plus("-f", format);
        }
        return c.plus(file).withTimeout(timeout);
    }

    /**
     * Zeroes bytes {@code [offset, offset+length)} of a device with BLKZEROOUT
     * ({@code blkdiscard --zeroout}): the kernel turns it into write-zeroes / WRITE SAME requests
     * that an array (or a virtual disk) executes without the data crossing the wire, and writes
     * zero pages itself where the device cannot. The whole device when {@code length} &lt; 0.
     */
    public Command zero(String dev, long offset, long length, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of(tools.blkdiscard(), "--zeroout"));
        if (offset > 0) {
            argv.addAll(List.of("--offset", Long.toString(offset)));
        }
        if (length >= 0) {
            argv.addAll(List.of("--length", Long.toString(length)));
        }
        argv.add(dev);
        return Command.of(argv).withTimeout(timeout);
    }
}
