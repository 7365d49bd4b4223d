package io.storagedrivers.cli.storage;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenNebula object a volume belongs to, read from its name as the drivers make them:
 * shared LVM {@code img-one-<image>}, {@code lv-one-<vm>-<disk>} (thin: {@code vm-one-<vm>-<disk>});
 * LINSTOR {@code OpenNebula-Image-<image>}, {@code OpenNebula-Image-<image>-vm<vm>-disk<n>},
 * {@code OpenNebula-Volatile-vm<vm>-disk<n>}, {@code OpenNebula-vm-context-vm<vm>-disk<n>[-N]}.
 *
 * @param image image id or null
 * @param vm    VM id or null (a VM disk)
 * @param disk  disk id or null
 */
record OneObject(Long image, Long vm, Long disk) {

    private record Rule(Pattern pattern, String image, String vm, String disk) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("img-one-(?<i>\\d+)"), "i", null, null),
            new Rule(Pattern.compile("(?:lv|vm)-one-(?<v>\\d+)-(?<d>\\d+)"), null, "v", "d"),
            new Rule(Pattern.compile("OpenNebula-Image-(?<i>\\d+)"), "i", null, null),
            new Rule(Pattern.compile("OpenNebula-Image-(?<i>\\d+)-vm(?<v>\\d+)-disk(?<d>\\d+)"), "i", "v", "d"),
            new Rule(Pattern.compile("OpenNebula-Volatile-vm(?<v>\\d+)-disk(?<d>\\d+)"), null, "v", "d"),
            new Rule(Pattern.compile("OpenNebula-vm-context-vm(?<v>\\d+)-disk(?<d>\\d+)(?:-\\d+)?"), null, "v", "d"));

    static Optional<OneObject> parse(String volumeName) {
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(volumeName);
            if (m.matches()) {
                try {
                    return Optional.of(new OneObject(group(m, r.image), group(m, r.vm), group(m, r.disk)));
                } catch (NumberFormatException e) {
                    return Optional.empty(); // more digits than any OpenNebula id: not one of ours
                }
            }
        }
        return Optional.empty();
    }

    private static Long group(Matcher m, String name) {
        if (name == null) {
            return null;
        }
        return Long.parseLong(m.group(name));
    }

    boolean isVmDisk() {
        return vm != null;
    }
}
