package io.storagedrivers.linstor.sim;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.storagedrivers.linstor.api.RetCodes;

/** LINSTOR's name rules (linstor.md §8); a bad name is FAIL_INVLD_* (HTTP 500). */
final class SimNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern LETTER = Pattern.compile(".*[A-Za-z].*");
    private static final Pattern NODE_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Set<String> RESERVED = Set.of("ALL", "PROXY");

    private SimNames() {
    }

    static boolean validName(String name, int min, int max) {
        return name != null && name.length() >= min && name.length() <= max && NAME.matcher(name).matches()
                && LETTER.matcher(name).matches();
    }

    /** Resource definition, resource group and snapshot names: 2-48, letter or _ first, one letter. */
    static void check(String what, String name, long bits, int code) {
        if (!validName(name, 2, 48) || ("resource".equals(what) && RESERVED.contains(name.toUpperCase(Locale.ROOT)))) {
            throw SimError.of(bits, code, "Invalid " + what + " name '" + name + "'",
                    "Names are 2-48 characters: a letter or '_' first, then letters, digits, '_' or '-'",
                    "Use a valid name");
        }
    }

    static void checkPool(String name, long bits) {
        if (!validName(name, 3, 48)) {
            throw SimError.of(bits, RetCodes.FAIL_INVLD_STOR_POOL_NAME, "Invalid storage pool name '" + name + "'");
        }
    }

    /** For command-line input: IllegalArgumentException with the bad name. */
    static void checkNodeName(String name) {
        try {
            checkNode(name, 0);
        } catch (SimError e) {
            throw new IllegalArgumentException("invalid node name '" + name + "'");
        }
    }

    static void checkNode(String name, long bits) {
        boolean ok = name != null && name.length() >= 2 && name.length() <= 255;
        if (ok) {
            for (String label : name.split("\\.", -1)) {
                ok &= NODE_LABEL.matcher(label).matches();
            }
        }
        if (!ok) {
            throw SimError.of(bits, RetCodes.FAIL_INVLD_NODE_NAME, "Invalid node name '" + name + "'");
        }
    }
}
