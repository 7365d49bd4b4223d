package io.storagedrivers.linstor.backend;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.copy.CopyCommands;
import io.storagedrivers.exec.copy.CopyEngine;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Progress;

/**
 * Data moved through a node with the shared {@link CopyEngine}: image import (the image streamed
 * over the node's SSH session into {@code dd}), device-to-device copies and zeroing. Every byte of
 * a target is written (data, or zeroes where the source has none or ends) unless the caller knows
 * the target reads as zero (a fresh volume in a thin pool): a thick pool hands out extents that
 * held another volume's data.
 */
final class HostData {
    private final Runners runners;
    private final CopyEngine engine;

    HostData(Runners runners, LinstorSettings settings) {
        this.runners = runners;
        // sparse = false: zeroing a whole DRBD volume first would also resync it; write each byte once
        this.engine = new CopyEngine(new CopyCommands(settings.copyTools()), CopyEngine.DEFAULT_CHUNK_BYTES, false,
                settings.stagingDir());
    }

    /** Writes {@code image} to {@code device} (of {@code deviceBytes}) on {@code node}; qcow2 is converted on this machine first. */
    void importImage(String node, String device, long deviceBytes, ImageSource image, boolean targetIsZero,
                     Progress progress) {
        engine.importImage(runners.local(), runners.host(node), false, image, device, deviceBytes, targetIsZero,
                progress);
    }

    /** Copies {@code srcBytes} from {@code src} to {@code dst} (of {@code dstBytes}), both devices on {@code node}. */
    void copy(String node, String src, String dst, long srcBytes, long dstBytes, boolean targetIsZero,
              Progress progress) {
        engine.copyDevice(runners.host(node), src, dst, srcBytes, dstBytes, targetIsZero, progress);
    }

    /**
     * Zeroes volume 0 of {@code r} from byte {@code from} to its end on its first diskful node (the
     * write goes through DRBD to every replica); nothing when it has no diskful node.
     * {@code whenNoDevice} ends the error when LINSTOR names no device there.
     */
    void zeroVolume0(Resource r, long from, String whenNoDevice) {
        if (r.nodes().diskfulNodes().isEmpty()) {
            return;
        }
        String node = r.nodes().diskfulNodes().iterator().next();
        String device = r.nodes().devicePath(node, 0);
        if (device == null) {
            throw new BackendException(Kind.BACKEND_ERROR, "LINSTOR reports no device for " + r.name() + " on "
                    + node + ": " + whenNoDevice);
        }
        zero(node, device, from, r.volume(0).sizeBytes() - from);
    }

    /** Zeroes bytes {@code [offset, offset+length)} of {@code device} on {@code node}. */
    void zero(String node, String device, long offset, long length) {
        engine.zero(runners.host(node), device, offset, length);
    }
}
