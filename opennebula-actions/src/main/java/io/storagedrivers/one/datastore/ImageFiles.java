package io.storagedrivers.one.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.spi.ImageSource;

/**
 * What an image file is (raw or qcow2, by the qcow2 header, never by probing tools) and whether
 * its checksum matches the image template's MD5/SHA1. A qcow2 file with a backing file is refused:
 * converting it would read another file of the frontend into the image.
 */
final class ImageFiles {
    static final int HEADER = 512;
    private static final int QCOW_MAGIC = 0x514649fb; // "QFI\xfb"

    private ImageFiles() {
    }

    /** Format and virtual size of a local image file. */
    static ImageSource inspect(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEADER);
            Header h = header(head, Files.size(file), file.toString());
            return new ImageSource(file, h.format(), h.virtualSize());
        } catch (IOException e) {
            throw new OneException("cannot read image " + file + ": " + e.getMessage());
        }
    }

    record Header(String format, long virtualSize) {
    }

    /** Reads the first bytes of an image; {@code totalSize} is the file (or download) size. */
    static Header header(byte[] head, long totalSize, String what) {
        if (head.length >= 32 && ByteBuffer.wrap(head).getInt(0) == QCOW_MAGIC) {
            ByteBuffer b = ByteBuffer.wrap(head);
            if (b.getLong(8) != 0) {
                throw new OneException(what + " is a qcow2 image with a backing file; refused (flatten it first)");
            }
            long size = b.getLong(24);
            if (size <= 0) {
                throw new OneException(what + " has an invalid qcow2 virtual size " + size);
            }
            return new Header("qcow2", size);
        }
        return new Header("raw", totalSize);
    }

    /** Checks MD5 and/or SHA1 from the image template; does nothing when neither is set. */
    static void verifyChecksums(Path file, OneImage image) {
        verify(file, "MD5", image.attr("MD5"));
        verify(file, "SHA-1", image.attr("SHA1"));
    }

    private static void verify(Path file, String algorithm, String expected) {
        if (expected.isEmpty()) {
            return;
        }
        String want = expected.strip().toLowerCase(Locale.ROOT);
        String got = digest(file, algorithm);
        if (!got.equals(want)) {
            throw new OneException(algorithm.replace("-", "") + " mismatch for the image: expected " + want + ", got " + got);
        }
    }

    static String digest(Path file, String algorithm) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new OneException("cannot checksum " + file + ": " + e.getMessage());
        }
    }
}
