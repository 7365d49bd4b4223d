package io.storagedrivers.spi;

import java.nio.file.Path;

/**
 * An image file on the machine the driver runs on.
 *
 * @param file   local path
 * @param format {@code raw} or {@code qcow2} (as {@code qemu-img info} reports it)
 * @param virtualSizeBytes the size the image has as a disk
 */
public record ImageSource(Path file, String format, long virtualSizeBytes) {
}
