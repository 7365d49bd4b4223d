package io.storagedrivers.exec.copy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.CopySummary;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Progress;

/**
 * Moves bytes onto devices for every backend: device-to-device copies in chunks (a progress
 * report after each), images from a frontend file written in place or streamed over the SSH
 * session of the machine that holds the device, and zeroing.
 *
 * <p>The data-safety rule lives here: <b>every byte of a target is written</b> — with the source's
 * data, or with zeroes (BLKZEROOUT) where the source has none or ends. With {@code sparse} the
 * target is first zeroed as a whole and the source's zero blocks are then skipped (fewer writes
 * where zeroing is offloaded by the array); without it the source range is written byte for byte
 * and only the tail past it is zeroed. Either way nothing of what the extents held before shows.
 * A caller that knows the whole target already reads as zero (a fresh thin volume) says so with
 * {@code targetIsZero}.
 *
 * <p>Each copy ends with one {@link Progress#copied} summary: bytes, zero bytes skipped, bytes
 * zeroed, time and where it ran; the actions log it as one line.
 */
public final class CopyEngine {
    /** Pessimistic throughput for timeouts (emulated hosts, busy SANs): 2 MiB/s, plus a fixed margin. */
    private static final long SLOW_BYTES_PER_SECOND = 2L * 1024 * 1024;
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final long PROGRESS_INTERVAL_MS = 2000;
    /** Default bytes per dd call of a device copy (progress is reported per chunk). */
    public static final long DEFAULT_CHUNK_BYTES = 1024L * 1024 * 1024;

    private final CopyCommands cmds;
    private final long chunkBytes;
    private final boolean sparse;
    private final Path stagingDir;

    /**
     * @param chunkBytes bytes per dd call of a device copy (a multiple of 512)
     * @param sparse     zero the target first and skip the source's zero blocks (see the class comment)
     * @param stagingDir frontend directory for a qcow2 image converted to raw before it is streamed
     *                   to a host (the datastore's STAGING_DIR, never /tmp: images are large)
     */
    public CopyEngine(CopyCommands cmds, long chunkBytes, boolean sparse, Path stagingDir) {
        if (chunkBytes <= 0 || chunkBytes % 512 != 0) {
            throw new IllegalArgumentException("chunk size must be a positive multiple of 512: " + chunkBytes);
        }
        this.cmds = cmds;
        this.chunkBytes = chunkBytes;
        this.sparse = sparse;
        this.stagingDir = stagingDir;
    }

    public CopyCommands commands() {
        return cmds;
    }

    /**
     * Copies the first {@code srcBytes} of device {@code src} into device {@code dst} of
     * {@code dstBytes} (&ge; srcBytes) and zeroes the rest of dst.
     */
    public void copyDevice(CommandRunner at, String src, String dst, long srcBytes, long dstBytes, boolean targetIsZero,
                           Progress progress) {
        requireRange(srcBytes, dstBytes);
        long t0 = System.nanoTime();
        boolean skipZeroes = sparse || targetIsZero;
        long zeroed = zeroFirst(at, dst, dstBytes, targetIsZero);
        Progress p = ThrottledProgress.every(progress, PROGRESS_INTERVAL_MS);
        p.report(0, srcBytes);
        for (long off = 0; off < srcBytes; off += chunkBytes) {
            long n = Math.min(chunkBytes, srcBytes - off);
            run(at, cmds.ddRange(src, dst, off, n, skipZeroes, true, timeoutFor(n)));
            p.report(off + n, srcBytes);
        }
        zeroed += zeroTail(at, dst, srcBytes, dstBytes, skipZeroes);
        progress.copied(new CopySummary(srcBytes, skipZeroes ? CopySummary.NOT_COUNTED : 0, zeroed, since(t0),
                at.where()));
    }

    /**
     * Writes {@code image} (a file on the frontend) into device {@code dst} of {@code dstBytes} on
     * {@code at}, and zeroes what the image does not cover. {@code atIsFrontend}: the device is on
     * this machine and the file is read in place; otherwise the raw bytes are streamed to
     * {@code at} (a qcow2 image is first converted to a raw file in the staging directory).
     */
    public void importImage(CommandRunner frontend, CommandRunner at, boolean atIsFrontend, ImageSource image,
                            String dst, long dstBytes, boolean targetIsZero, Progress progress) {
        requireRange(image.virtualSizeBytes(), dstBytes);
        long t0 = System.nanoTime();
        boolean skipZeroes = sparse || targetIsZero;
        long zeroed = zeroFirst(at, dst, dstBytes, targetIsZero);
        long zeroSkipped = skipZeroes ? CopySummary.NOT_COUNTED : 0;
        boolean raw = "raw".equals(image.format());
        String file = image.file().toString();
        long size = image.virtualSizeBytes();
        if (atIsFrontend && raw) {
            Progress p = ThrottledProgress.every(progress, PROGRESS_INTERVAL_MS);
            p.report(0, size);
            for (long off = 0; off < size; off += chunkBytes) {
                long n = Math.min(chunkBytes, size - off);
                // a file's page cache is fine, and its last block may be partial: no direct I/O
                run(at, cmds.ddRange(file, dst, off, n, skipZeroes, false, timeoutFor(n)));
                p.report(off + n, size);
            }
        } else if (atIsFrontend) {
            progress.report(0, size);
            run(at, cmds.convertInto(file, image.format(), dst, skipZeroes, timeoutFor(size)));
            progress.report(size, size);
        } else {
            long counted = streamTo(frontend, at, image, dst, skipZeroes, progress);
            zeroSkipped = skipZeroes ? counted : 0;
        }
        zeroed += zeroTail(at, dst, size, dstBytes, skipZeroes);
        progress.copied(new CopySummary(size, zeroSkipped, zeroed, since(t0), at.where()));
    }

    /** Zeroes bytes {@code [offset, offset+length)} of device {@code dev} (BLKZEROOUT). */
    public void zero(CommandRunner at, String dev, long offset, long length) {
        if (length > 0) {
            run(at, cmds.zero(dev, offset, length, timeoutFor(length)));
        }
    }

    /** A sparse copy zeroes the whole target first (unless it reads as zero already); returns the bytes zeroed. */
    private long zeroFirst(CommandRunner at, String dst, long dstBytes, boolean targetIsZero) {
        if (sparse && !targetIsZero) {
            zero(at, dst, 0, dstBytes);
            return dstBytes;
        }
        return 0;
    }

    /** A full copy zeroes the target past the source; returns the bytes zeroed. */
    private long zeroTail(CommandRunner at, String dst, long srcBytes, long dstBytes, boolean skipZeroes) {
        if (!skipZeroes && dstBytes > srcBytes) {
            zero(at, dst, srcBytes, dstBytes - srcBytes);
            return dstBytes - srcBytes;
        }
        return 0;
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Streams the image's raw bytes into {@code dd} on {@code at}; returns the bytes in all-zero blocks. */
    private long streamTo(CommandRunner frontend, CommandRunner at, ImageSource image, String dst, boolean skipZeroes,
                          Progress progress) {
        Path staged = null;
        try {
            Path rawFile = image.file();
            if (!"raw".equals(image.format())) {
                staged = Files.createTempFile(stagingDir, "storage-drivers-import-", ".raw");
                run(frontend, cmds.convertToRawFile(image.file().toString(), image.format(), staged.toString(),
                        timeoutFor(image.virtualSizeBytes())));
                rawFile = staged;
            }
            long size = Files.size(rawFile);
            Progress p = ThrottledProgress.every(progress, PROGRESS_INTERVAL_MS);
            p.report(0, size);
            long zeroBytes;
            try (CountingInputStream in = new CountingInputStream(Files.newInputStream(rawFile), p, size,
                    CopyCommands.BLOCK)) {
                at.run(cmds.ddFromStdin(dst, skipZeroes, timeoutFor(size)), in);
                zeroBytes = in.zeroBytes();
            } catch (CommandFailedException e) {
                throw failed(e);
            }
            p.report(size, size);
            return zeroBytes;
        } catch (IOException e) {
            throw new BackendException(Kind.BACKEND_ERROR, "cannot read image " + image.file() + " (staging in "
                    + stagingDir + "): " + e.getMessage(), e);
        } finally {
            deleteQuietly(staged);
        }
    }

    private static void requireRange(long srcBytes, long dstBytes) {
        if (srcBytes < 0 || dstBytes < srcBytes) {
            throw new IllegalArgumentException("copy of " + srcBytes + " bytes into " + dstBytes + " bytes");
        }
    }

    private static void run(CommandRunner at, Command c) {
        try {
            at.run(c);
        } catch (CommandFailedException e) {
            throw failed(e);
        }
    }

    private static BackendException failed(CommandFailedException e) {
        return new BackendException(Kind.BACKEND_ERROR, "copy failed: " + e.getMessage(), e);
    }

    /** The time a data command may take: 5 minutes plus {@code bytes} at 2 MiB/s. */
    public static Duration timeoutFor(long bytes) {
        return MARGIN.plusSeconds(bytes / SLOW_BYTES_PER_SECOND);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover staging file is harmless; the next run uses a new name
            }
        }
    }
}
