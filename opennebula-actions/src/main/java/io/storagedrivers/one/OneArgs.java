package io.storagedrivers.one;

import java.util.List;
import java.util.regex.Pattern;

/** Checks the plain positional arguments of DS/TM actions (ids, sizes, driver names). */
public final class OneArgs {
    private static final Pattern ID = Pattern.compile("0|[1-9][0-9]{0,9}");
    private static final Pattern DRIVER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private OneArgs() {
    }

    /** A non-negative OpenNebula id (no sign, no leading zeros, fits an int). */
    public static int id(String what, String value) {
        if (value == null || !ID.matcher(value).matches() || Long.parseLong(value) > Integer.MAX_VALUE) {
            throw new OneException("invalid " + what + " '" + OneXml.clip(String.valueOf(value)) + "'");
        }
        return Integer.parseInt(value);
    }

    /** A size in MB (positive). */
    public static long sizeMb(String value) {
        if (value == null || !ID.matcher(value).matches() || value.length() > 12 || "0".equals(value)) {
            throw new OneException("invalid size in MB '" + OneXml.clip(String.valueOf(value)) + "'");
        }
        return Long.parseLong(value);
    }

    /** A TM/DS driver name (a directory under remotes). */
    public static String driver(String value) {
        if (value == null || !DRIVER.matcher(value).matches()) {
            throw new OneException("invalid driver name '" + OneXml.clip(String.valueOf(value)) + "'");
        }
        return value;
    }

    /** Fails unless there are {@code min}..{@code max} arguments, naming what was expected. */
    public static void count(List<String> args, int min, int max, String usage) {
        if (args.size() < min || args.size() > max) {
            throw new OneException("expected arguments: " + usage + " (got " + args.size() + ")");
        }
    }
}
