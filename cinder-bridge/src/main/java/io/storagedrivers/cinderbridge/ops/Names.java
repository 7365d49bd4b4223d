package io.storagedrivers.cinderbridge.ops;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Backend object names derived from Cinder's identifiers, and the checks every name from a request
 * passes before it reaches a backend. Names fit both LVM (LV names) and LINSTOR (resource names:
 * a letter first, at most 48 characters).
 */
public final class Names {
    /** Prefix of volume names: Cinder's default {@code volume_name_template}. */
    public static final String VOLUME_PREFIX = "volume-";
    /** Prefix of snapshot names ({@code snapshot...} is reserved by LVM). */
    public static final String SNAPSHOT_PREFIX = "snap-";

    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern OBJECT_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,47}$");
    private static final Pattern POOL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$");
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$");

    private Names() {
    }

    public static String volumeName(String nameId) {
        return VOLUME_PREFIX + uuid("name_id", nameId);
    }

    public static String snapshotName(String snapshotId) {
        return SNAPSHOT_PREFIX + uuid("snapshot id", snapshotId);
    }

    /** A provider_id the bridge handed out earlier; refused when it is not a plain object name. */
    public static String providerId(String what, String value) {
        if (!OBJECT_NAME.matcher(value).matches()) {
            throw ApiException.invalid(what + " is not a valid backend name: " + printable(value));
        }
        return value;
    }

    public static String pool(String value) {
        if (!POOL.matcher(value).matches()) {
            throw ApiException.invalid("not a valid pool name: " + printable(value));
        }
        return value;
    }

    public static String host(String value) {
        if (value == null || !HOST.matcher(value).matches()) {
            throw new ApiException(ApiException.Code.INVALID_CONNECTOR,
                    "connector host is missing or not a valid host name: " + printable(value));
        }
        return value;
    }

    static String uuid(String what, String value) {
        if (value == null) {
            throw ApiException.invalid("missing field: " + what);
        }
        if (!UUID.matcher(value).matches()) {
            throw ApiException.invalid(what + " is not a UUID: " + printable(value));
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** Quotes a value for an error message: {@link io.storagedrivers.validate.Printable#value}. */
    static String printable(String value) {
        return io.storagedrivers.validate.Printable.value(value);
    }
}
