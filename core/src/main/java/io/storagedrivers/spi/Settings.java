package io.storagedrivers.spi;

import java.util.Locale;
import java.util.Map;

import io.storagedrivers.spi.BackendException.Kind;

/**
 * Reading the settings a backend is opened with ({@link BackendProvider#open}: driver config file,
 * datastore template, bridge config): a blank value is an unset one, values are stripped, and a
 * value that cannot be used is one {@link Kind#INVALID} line naming the setting.
 */
public final class Settings {

    private Settings() {
    }

    /** The value of {@code key}, stripped, or {@code dflt} when unset or blank. */
    public static String get(Map<String, String> settings, String key, String dflt) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? dflt : v.strip();
    }

    /** The first of {@code values} that is set and not blank, or null. */
    public static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** {@code yes}/{@code true}/{@code 1} or {@code no}/{@code false}/{@code 0} ({@code dflt} when unset). */
    public static boolean yesNo(Map<String, String> settings, String key, boolean dflt) {
        String v = get(settings, key, dflt ? "yes" : "no");
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1" -> true;
            case "no", "false", "0" -> false;
            default -> throw new BackendException(Kind.INVALID, "invalid " + key + " '" + v + "': use yes or no");
        };
    }

    /** Whole seconds from 1 to {@code max} ({@code dflt} when unset). */
    public static long seconds(Map<String, String> settings, String key, long dflt, long max) {
        String v = get(settings, key, Long.toString(dflt));
        try {
            long n = Long.parseLong(v);
            if (n > 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // one message below
        }
        throw new BackendException(Kind.INVALID, "invalid " + key + " '" + v + "': seconds between 1 and " + max);
    }
}
