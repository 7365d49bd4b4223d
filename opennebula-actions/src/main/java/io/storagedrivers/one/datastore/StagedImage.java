package io.storagedrivers.one.datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.spi.Progress;

/**
 * An image as a local file for the time of one action: a local PATH in place, a URL downloaded into
 * the datastore's STAGING_DIR (default /var/tmp) and removed on close.
 */
final class StagedImage implements AutoCloseable {
    private final Path file;
    private final boolean temporary;

    private StagedImage(Path file, boolean temporary) {
        this.file = file;
        this.temporary = temporary;
    }

    static StagedImage stage(ImageLocation location, OneDatastore ds, int imageId, Progress progress) {
        if (!location.isUrl()) {
            return new StagedImage(location.localFile(), false);
        }
        String dir = ds.attr("STAGING_DIR").isBlank() ? "/var/tmp" : ds.attr("STAGING_DIR").strip();
        Path tmp;
        try {
            tmp = Files.createTempFile(Path.of(io.storagedrivers.one.HostPath.path(dir)),
                    "storage-drivers-image-" + imageId + "-", ".img");
            Files.delete(tmp); // download() creates it anew (CREATE_NEW)
        } catch (IOException e) {
            throw new OneException("cannot create a staging file in " + dir + ": " + e.getMessage());
        }
        StagedImage staged = new StagedImage(tmp, true);
        try {
            location.download(tmp, progress);
            return staged;
        } catch (RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // best effort: a leftover file in the staging dir, named after the image
            }
        }
    }
}
