package io.storagedrivers.linstor.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;

/**
 * Data moved through a node: image import (the image streamed over the node's SSH session into
 * {@code dd}), device-to-device copies and zeroing. Sparse writes ({@code conv=sparse}) only where
 * the target reads as zeroes (a fresh thin volume).
 */
final class HostData {
    static final String BLOCK = "4M";
    private final Runners runners;

    HostData(Runners runners) {
        this.runners = runners;
    }

    private static Duration timeoutFor(long bytes) {
        // 10 MiB/s worst case plus a minute: long copies are expected, hangs are not
        return Duration.ofSeconds(60 + bytes / (10 * Sizes.MIB));
    }

    /** Writes {@code image} to {@code device} on {@code node}; qcow2 is converted to raw on this machine first. */
    void importImage(String node, String device, ImageSource image, boolean sparse, Progress progress) {
        Path staged = null;
        try {
            Path raw = image.file();
            if (!"raw".equals(image.format())) {
                staged = Files.createTempFile("linstor-import-", ".raw");
                runners.local().run(Command.of("qemu-img", "convert", "-q", "-f", image.format(), "-O", "raw",
                        image.file().toString(), staged.toString()).withTimeout(timeoutFor(image.virtualSizeBytes())));
                raw = staged;
            }
            long size = Files.size(raw);
            progress.report(0, size);
            try (InputStream in = Files.newInputStream(raw)) {
                runners.host(node).run(dd("/dev/stdin", device, sparse, -1).withTimeout(timeoutFor(size)), in);
            }
            progress.report(size, size);
        } catch (IOException e) {
            throw new BackendException(Kind.BACKEND_ERROR, "cannot read image " + image.file() + ": " + e.getMessage(), e);
        } catch (CommandFailedException e) {
            throw failed("writing the image on " + node, e);
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** Copies {@code bytes} from {@code src} to {@code dst}, both devices on {@code node}. */
    void copy(String node, String src, String dst, long bytes, boolean sparse, Progress progress) {
        progress.report(0, bytes);
        try {
            runners.host(node).run(dd(src, dst, sparse, bytes).withTimeout(timeoutFor(bytes)));
        } catch (CommandFailedException e) {
            throw failed("copying on " + node, e);
        }
        progress.report(bytes, bytes);
    }

    /** Overwrites the first {@code bytes} of {@code device} on {@code node} with zeroes. */
    void zero(String node, String device, long bytes) {
        try {
            runners.host(node).run(dd("/dev/zero", device, false, bytes).withTimeout(timeoutFor(bytes)));
        } catch (CommandFailedException e) {
            throw failed("zeroing on " + node, e);
        }
    }

    /** dd argv (GNU dd); {@code bytes} < 0 copies to the end of the input, else exactly that many bytes. */
    static Command dd(String in, String out, boolean sparse, long bytes) {
        return Command.of("dd", "if=" + in, "of=" + out, "bs=" + BLOCK,
                bytes < 0 ? "iflag=fullblock" : "iflag=fullblock,count_bytes", "oflag=direct",
                sparse ? "conv=sparse,fsync" : "conv=fsync", "status=none")
                .plus(bytes < 0 ? new String[0] : new String[] {"count=" + bytes});
    }

    private static BackendException failed(String what, CommandFailedException e) {
        return new BackendException(Kind.BACKEND_ERROR, what + " failed: " + e.getMessage(), e);
    }
}
