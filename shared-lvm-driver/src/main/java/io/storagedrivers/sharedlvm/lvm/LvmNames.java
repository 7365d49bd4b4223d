package io.storagedrivers.sharedlvm.lvm;

import java.util.regex.Pattern;

/**
 * Last line of defence for names that reach an LVM argv: LVM's own rules (characters
 * {@code [A-Za-z0-9+_.-]}, no leading {@code -}, not {@code .}/{@code ..}, at most 127 characters;
 * tags may also hold {@code /=!:#&}). Callers validate user input earlier with a friendlier message;
 * this only guarantees that no argv ever carries an option-looking or path-like name.
 */
final class LvmNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.:/=!#&-]{0,1023}");

    private LvmNames() {
    }

    static String vg(String name) {
        return check("VG", name, NAME);
    }

    static String lv(String name) {
        return check("LV", name, NAME);
    }

    static String tag(String name) {
        return check("LV tag", name, TAG);
    }

    private static String check(String what, String name, Pattern p) {
        if (name == null || !p.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid " + what + " name: '" + name + "'");
        }
        return name;
    }
}
