package io.storagedrivers.spi;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenNebula object a volume belongs to, as its name says ({@link VolumeNaming#owner}).
 *
 * @param image image id or null
 * @param vm    VM id or null (a VM disk)
 * @param disk  disk id or null
 */
public record VolumeOwner(Long image, Long vm, Long disk) {

    public boolean isVmDisk() {
        return vm != null;
    }

    /**
     * The owner by the first of {@code patterns} that matches all of {@code volumeName}, from its
     * named groups {@code image}, {@code vm} and {@code disk} (a group a pattern lacks is null);
     * empty when none matches or an id has more digits than any OpenNebula id.
     */
    public static Optional<VolumeOwner> match(String volumeName, Pattern... patterns) {
        for (Pattern p : patterns) {
            Matcher m = p.matcher(volumeName);
            if (m.matches()) {
                try {
                    return Optional.of(new VolumeOwner(group(m, "image"), group(m, "vm"), group(m, "disk")));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Long group(Matcher m, String name) {
        if (!m.pattern().pattern().contains("(?<" + name + ">")) {
            return null;
        }
        String v = m.group(name);
        return v == null ? null : Long.parseLong(v);
    }
}
