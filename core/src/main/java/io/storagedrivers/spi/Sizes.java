package io.storagedrivers.spi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Size constants and the one parser for sizes written by people ("10G", "10 GiB", "512M", bytes). */
public final class Sizes {
    public static final long KIB = 1024L;
    public static final long MIB = KIB * 1024;
    public static final long GIB = MIB * 1024;
    public static final long TIB = GIB * 1024;

    private static final Pattern SIZE = Pattern.compile("^(\\d+)\\s*([KMGTP]?)(I?B?)$");

    private Sizes() {
    }

    /**
     * Parses "10G", "10 GiB", "10GB", "512M", "4096" (bytes). Units are binary (LVM's and LINSTOR's
     * convention). Throws IllegalArgumentException with the bad text on anything else.
     */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("size is missing");
        }
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 10G, 512M or bytes)");
        }
        long factor = switch (m.group(2)) {
            case "" -> 1;
            case "K" -> KIB;
            case "M" -> MIB;
            case "G" -> GIB;
            case "T" -> TIB;
            default -> TIB * 1024;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
    }

    public static long mibToBytes(long mib) {
        return Math.multiplyExact(mib, MIB);
    }

    /** Bytes rounded up to whole MiB. */
    public static long bytesToMibCeil(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
