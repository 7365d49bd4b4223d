package io.storagedrivers.sharedlvm.copy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Progress;

/**
 * Moves bytes onto activated LVs, on whichever machine the backend picked (frontend or a host):
 * chunked {@code dd} between devices (a progress report after each chunk), images from a frontend
 * file either written in place (frontend) or streamed over the SSH session into {@code dd} on the
 * host, and whole-device zeroing. With {@code sparse} the zero blocks of the source are skipped.
 */
public final class CopyEngine {
    /** Pessimistic throughput for timeouts (TCG VMs, busy SANs): 2 MiB/s, plus a fixed margin. */
    private static final long SLOW_BYTES_PER_SECOND = 2L * 1024 * 1024;
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final long PROGRESS_INTERVAL_MS = 2000;

    private final CopyCommands cmds;
    private final long chunkBlocks;
    private final boolean sparse;
    private final Path stagingDir;

    /**
     * @param chunkBytes bytes per dd call (a multiple of 1 MiB); progress is reported per chunk
     * @param stagingDir frontend directory for a qcow2 image converted to raw before streaming
     */
    public CopyEngine(CopyCommands cmds, long chunkBytes, boolean sparse, Path stagingDir) {
        if (chunkBytes <= 0 || chunkBytes % CopyCommands.BLOCK != 0) {
            throw new IllegalArgumentException("chunk size must be a positive multiple of 1 MiB: " + chunkBytes);
        }
        this.cmds = cmds;
        this.chunkBlocks = chunkBytes / CopyCommands.BLOCK;
        this.sparse = sparse;
        this.stagingDir = stagingDir;
    }

    /** Copies the first {@code bytes} (whole MiB: LVs are whole extents) of device src into dst. */
    public void copyDevice(CommandRunner at, String src, String dst, long bytes, Progress progress) {
        if (bytes % CopyCommands.BLOCK != 0) {
            throw new IllegalArgumentException("device copy of " + bytes + " bytes is not whole MiB");
        }
        chunked(at, src, dst, bytes, true, progress);
    }

    /**
     * Writes {@code image} (a file on the frontend) into device {@code dst} on {@code at}.
     * {@code atIsFrontend}: the device is on this machine, the file is read in place; otherwise
     * the raw bytes are streamed to {@code at} (a qcow2 image is first converted to a raw file in
     * the staging directory, with qemu-img on the frontend).
     */
    public void importImage(CommandRunner frontend, CommandRunner at, boolean atIsFrontend, ImageSource image,
                            String dst, Progress progress) {
        boolean raw = "raw".equals(image.format());
        String file = image.file().toString();
        if (atIsFrontend) {
            if (raw) {
                long blocksBytes = ceilBlocks(image.virtualSizeBytes()) * CopyCommands.BLOCK;
                chunked(at, file, dst, blocksBytes, false, progress);
            } else {
                progress.report(0, image.virtualSizeBytes());
                run(at, cmds.convertInto(file, image.format(), dst, sparse, timeoutFor(image.virtualSizeBytes())));
                progress.report(image.virtualSizeBytes(), image.virtualSizeBytes());
            }
            return;
        }
        Path staged = null;
        try {
            Path rawFile = image.file();
            if (!raw) {
                staged = Files.createTempFile(stagingDir, "shared-lvm-import-", ".raw");
                run(frontend, cmds.convertToRawFile(file, image.format(), staged.toString(),
                        timeoutFor(image.virtualSizeBytes())));
                rawFile = staged;
            }
            stream(at, rawFile, dst, progress);
        } catch (IOException e) {
            throw new BackendException(Kind.BACKEND_ERROR, "cannot read image " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(staged);
        }
    }

    /** Overwrites the whole device with zeroes. */
    public void zero(CommandRunner at, String dev, long bytes) {
        run(at, cmds.zero(dev, timeoutFor(bytes)));
    }

    private void stream(CommandRunner at, Path rawFile, String dst, Progress progress) throws IOException {
        long size = Files.size(rawFile);
        Progress p = ThrottledProgress.every(progress, PROGRESS_INTERVAL_MS);
        p.report(0, size);
        try (InputStream in = new CountingInputStream(Files.newInputStream(rawFile), p, size)) {
            at.run(cmds.ddFromStdin(dst, sparse, timeoutFor(size)), in);
        } catch (CommandFailedException e) {
            throw failed(e);
        }
        p.report(size, size);
    }

    private void chunked(CommandRunner at, String src, String dst, long bytes, boolean direct, Progress progress) {
        long blocks = bytes / CopyCommands.BLOCK;
        Progress p = ThrottledProgress.every(progress, PROGRESS_INTERVAL_MS);
        p.report(0, bytes);
        for (long first = 0; first < blocks; first += chunkBlocks) {
            long n = Math.min(chunkBlocks, blocks - first);
            run(at, cmds.ddChunk(src, dst, first, n, sparse, direct, timeoutFor(n * CopyCommands.BLOCK)));
            p.report((first + n) * CopyCommands.BLOCK, bytes);
        }
    }

    private static void run(CommandRunner at, io.storagedrivers.exec.Command c) {
        try {
            at.run(c);
        } catch (CommandFailedException e) {
            throw failed(e);
        }
    }

    private static BackendException failed(CommandFailedException e) {
        return new BackendException(Kind.BACKEND_ERROR, "copy failed: " + e.getMessage(), e);
    }

    static Duration timeoutFor(long bytes) {
        return MARGIN.plusSeconds(bytes / SLOW_BYTES_PER_SECOND);
    }

    private static long ceilBlocks(long bytes) {
        return (bytes + CopyCommands.BLOCK - 1) / CopyCommands.BLOCK;
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
