package io.storagedrivers.sharedlvm.lvm;

import java.util.regex.Pattern;

import io.storagedrivers.validate.InvalidInputException;
import io.storagedrivers.validate.Validate;

/**
 * Last line of defence for names that reach an LVM argv: VG and LV names by LVM's rules
 * ({@link Validate}), tags by LVM's tag rules ({@code [A-Za-z0-9+_.:/=!#&-]}, no leading {@code -}).
 * Callers validate user input earlier; this guarantees that no argv carries an option-looking or
 * path-like name.
 */
final class LvmNames {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9+_.:/=!#&][A-Za-z0-9+_.:/=!#&-]{0,1023}");

    private LvmNames() {
    }

    static String vg(String name) {
        return Validate.vgName(name);
    }

    static String lv(String name) {
        return Validate.lvName(name);
    }

    static String tag(String name) {
        if (name == null || !TAG.matcher(name).matches()) {
            throw new InvalidInputException("invalid LV tag '" + name + "': may only contain a-z A-Z 0-9 + _ . : / = ! # & -"
                    + " and must not start with '-'");
        }
        return name;
    }
}
