package io.storagedrivers.linstor.hl;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.storagedrivers.linstor.api.Endpoints;
import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.spi.Sizes;

/**
 * LINSTOR's rules for resource definition names, how a name finds its RD, and sizes in KiB as its
 * API takes them.
 */
final class ResourceNames {
    private static final Pattern LINSTOR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{1,47}");

    private ResourceNames() {
    }

    /** A name LINSTOR accepts as an RD name (others become an external name). */
    static boolean valid(String n) {
        return LINSTOR_NAME.matcher(n).matches() && n.chars().anyMatch(Character::isLetter)
                && !"all".equalsIgnoreCase(n) && !"proxy".equalsIgnoreCase(n);
    }

    /**
     * The RD (with its volume definitions) of resource {@code name}: by RD name when {@code name}
     * is {@link #valid}, else by external name.
     */
    static Optional<ResourceDefinition> definition(Endpoints api, String name) {
        if (valid(name)) {
            return api.resourceDefinitions(List.of(name), true).stream().findFirst();
        }
        return api.resourceDefinitions(null, true).stream().filter(d -> name.equals(d.externalName())).findFirst();
    }

    /** {@code bytes} in KiB, rounded up. */
    static long kib(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("size must be positive: " + bytes);
        }
        return (bytes + Sizes.KIB - 1) / Sizes.KIB;
    }
}
