package io.storagedrivers.linstor.backend;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionModify;
import io.storagedrivers.linstor.api.dto.ResourceGroup;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * LINSTOR resource groups as the SPI's pools for {@link LinstorBackend}: their capacity, moving a
 * resource to another group in place, and setting up a group for datastores that still use the
 * add-on's older placement attributes.
 */
final class ResourceGroupPools {
    private final Linstor ls;
    /** Looks a volume up after a move (the backend's {@code find}). */
    private final Function<VolumeRef, Optional<VolumeInfo>> find;

    ResourceGroupPools(Linstor ls, Function<VolumeRef, Optional<VolumeInfo>> find) {
        this.ls = ls;
        this.find = find;
    }

    List<PoolInfo> all() {
        return LinstorErrors.call("listing resource groups", () -> {
            var pools = ls.client().storagePools(null, null);
            return ls.client().api().resourceGroups(null).stream().map(rg -> RgViews.capacity(rg, pools)).toList();
        });
    }

    PoolInfo get(String pool) {
        return LinstorErrors.call("resource group " + pool, () -> {
            var rg = ls.client().api().resourceGroups(List.of(pool)).stream().findFirst()
                    .orElseThrow(() -> BackendException.notFound("LINSTOR resource group " + pool));
            return RgViews.capacity(rg, ls.client().storagePools(null, null));
        });
    }

    /**
     * Same cluster, another resource group: the resource definition is given the new group (its
     * replicas stay where they are), as addon-linstor's mv does; no data is copied.
     */
    Optional<VolumeInfo> moveTo(VolumeRef volume, String pool) {
        return LinstorErrors.call("cannot move " + volume.name() + " to " + pool, () -> {
            Resource r = ls.resource(volume.name());
            if (!r.defined()) {
                return Optional.<VolumeInfo>empty();
            }
            if (!pool.equalsIgnoreCase(r.resourceGroup())) {
                get(pool); // the group must exist
                ls.client().api().modifyResourceDefinition(r.linstorName(), new ResourceDefinitionModify(null, null,
                        null, null, null, null, pool));
            }
            return find.apply(new VolumeRef(pool, volume.name()));
        });
    }

    /** See {@link LinstorBackend#ensureResourceGroup}. */
    void ensure(String name, int placeCount, String storagePool) {
        LinstorErrors.run("cannot prepare resource group " + name, () -> {
            AutoSelectFilter have = ls.client().api().resourceGroups(List.of(name)).stream().findFirst()
                    .map(ResourceGroup::selectFilter).orElse(null);
            var rg = ls.resourceGroup(name);
            if (have == null || have.placeCount() == null || have.placeCount() != placeCount) {
                rg.redundancy(placeCount);
            }
            if (storagePool != null && (have == null || !List.of(storagePool).equals(have.storagePoolList()))) {
                rg.storagePools(List.of(storagePool));
            }
        });
    }
}
