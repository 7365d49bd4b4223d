package io.storagedrivers.validate;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks values that come from outside before they reach a command line, a path or a lock key.
 * Every method returns the accepted (possibly normalised) value or throws
 * {@link InvalidInputException} with one line such as
 * {@code invalid VM id "12a": must be a decimal number (digits only)}.
 */
public final class Validate {

    /** OpenNebula ids are C ints: at most 10 digits, at most 2^31-1. */
    private static final int MAX_ID_DIGITS = 10;
    /** LVM's NAME_LEN is 128 including the terminating NUL. */
    public static final int MAX_LVM_NAME = 127;
    private static final Pattern LVM_CHARS = Pattern.compile("[a-zA-Z0-9+_.-]+");
    /** Prefixes LVM reserves for LV names (lib/metadata/lv_manip.c, apply_lvname_restrictions). */
    private static final List<String> LV_RESERVED_PREFIXES = List.of("snapshot", "pvmove");
    /** Substrings LVM reserves for its hidden sub-LVs. */
    private static final List<String> LV_RESERVED_PARTS = List.of("_cdata", "_cmeta", "_corig", "_cpool",
            "_cvol", "_wcorig", "_iorig", "_mimage", "_mlog", "_pmspare", "_rimage", "_rmeta", "_tdata",
            "_tmeta", "_vdata", "_vorigin", "_vdo");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final int MAX_HOST = 253;
    private static final int MAX_PATH = 4096;

    private Validate() {
    }

    public static int vmId(String value) {
        return id("VM id", value);
    }

    public static int diskId(String value) {
        return id("disk id", value);
    }

    public static int datastoreId(String value) {
        return id("datastore id", value);
    }

    public static int imageId(String value) {
        return id("image id", value);
    }

    /**
     * A non-negative decimal id: digits only (no sign, no spaces, no leading zeros, so one id has
     * one spelling), at most 10 digits and at most {@link Integer#MAX_VALUE}.
     */
    public static int id(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(what, value, "must not be empty");
        }
        if (value.length() > MAX_ID_DIGITS || !allDigits(value)) {
            throw invalid(what, value, "must be a non-negative decimal number (at most " + MAX_ID_DIGITS + " digits)");
        }
        if (value.length() > 1 && value.charAt(0) == '0') {
            throw invalid(what, value, "must not have leading zeros");
        }
        long n = Long.parseLong(value);
        if (n > Integer.MAX_VALUE) {
            throw invalid(what, value, "is larger than " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A volume group name as LVM accepts it. */
    public static String vgName(String value) {
        lvmCommon("VG name", value);
        return value;
    }

    /** A logical volume name as LVM accepts it (including its reserved prefixes and sub-LV suffixes). */
    public static String lvName(String value) {
        lvmCommon("LV name", value);
        for (String p : LV_RESERVED_PREFIXES) {
            if (value.startsWith(p)) {
                throw invalid("LV name", value, "must not start with \"" + p + "\" (reserved by LVM)");
            }
        }
        for (String part : LV_RESERVED_PARTS) {
            if (value.contains(part)) {
                throw invalid("LV name", value, "must not contain \"" + part + "\" (reserved by LVM)");
            }
        }
        return value;
    }

    private static void lvmCommon(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(what, value, "must not be empty");
        }
        if (value.length() > MAX_LVM_NAME) {
            throw invalid(what, value, "is longer than " + MAX_LVM_NAME + " characters");
        }
        if (!LVM_CHARS.matcher(value).matches()) {
            throw invalid(what, value, "may only contain a-z A-Z 0-9 + _ . -");
        }
        if (value.charAt(0) == '-') {
            throw invalid(what, value, "must not start with '-'");
        }
        if (value.equals(".") || value.equals("..")) {
            throw invalid(what, value, "must not be . or ..");
        }
    }

    /**
     * A host name as OpenNebula and SSH use it: dot-separated labels of letters, digits, '-' and
     * '_' (no label starts or ends with '-'), at most 253 characters; an IPv4 address passes as
     * such, an IPv6 literal (hex digits, ':' and '.') is accepted too.
     */
    public static String hostName(String value) {
        String what = "host name";
        if (value == null || value.isEmpty()) {
            throw invalid(what, value, "must not be empty");
        }
        if (value.length() > MAX_HOST) {
            throw invalid(what, value, "is longer than " + MAX_HOST + " characters");
        }
        if (value.indexOf(':') >= 0) {
            if (!IPV6.matcher(value).matches()) {
                throw invalid(what, value, "is neither a host name nor an IPv6 address");
            }
            return value;
        }
        String name = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
        for (String label : name.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                throw invalid(what, value, "labels must be 1-63 of a-z A-Z 0-9 - _ and not start or end with '-'");
            }
        }
        return value;
    }

    /** Whether {@link #hostName} accepts {@code value}. */
    public static boolean isHostName(String value) {
        try {
            hostName(value);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * An absolute path, normalised: runs of '/' collapse to one, "." segments and a trailing '/'
     * are dropped. Refused: relative paths, NUL and other control characters (newlines included),
     * and ".." segments (we never resolve them textually: with symlinks that would be wrong).
     */
    public static String absolutePath(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(what, value, "must not be empty");
        }
        if (value.length() > MAX_PATH) {
            throw invalid(what, value, "is longer than " + MAX_PATH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(what, value, "must not contain control characters (NUL, newline, ...)");
            }
        }
        if (value.charAt(0) != '/') {
            throw invalid(what, value, "must be an absolute path");
        }
        StringBuilder sb = new StringBuilder();
        for (String seg : value.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                throw invalid(what, value, "must not contain '..'");
            }
            sb.append('/').append(seg);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * {@link #absolutePath} that must also lie strictly below {@code base} (itself normalised).
     * Returns the normalised path.
     */
    public static String pathUnder(String what, String base, String value) {
        String b = absolutePath("base of " + what, base);
        String p = absolutePath(what, value);
        String prefix = b.equals("/") ? "/" : b + "/";
        if (!p.startsWith(prefix) || p.length() == prefix.length()) {
            throw invalid(what, value, "must be below " + b);
        }
        return p;
    }

    static InvalidInputException invalid(String what, String value, String rule) {
        return new InvalidInputException("invalid " + what + " " + show(value) + ": " + rule);
    }

    /** The value for an error line: see {@link Printable#value}. */
    public static String show(String value) {
        return Printable.value(value);
    }
}
