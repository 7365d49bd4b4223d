package io.storagedrivers.linstor.hl;

import java.util.List;
import java.util.Map;

import io.storagedrivers.linstor.api.Endpoints;
import io.storagedrivers.linstor.api.LinstorApiException;
import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.api.dto.ResourceGroupModify;
import io.storagedrivers.linstor.api.dto.VolumeGroup;

/**
 * A resource group (python-linstor's {@code ResourceGroup}): created with one volume group if
 * missing; every setter is one modify call; {@link #spawn} creates resources from it.
 */
public final class ResourceGroup {
    private final Linstor ls;
    private final String name;

    private ResourceGroup(Linstor ls, String name) {
        this.ls = ls;
        this.name = name;
    }

    static ResourceGroup ensure(Linstor ls, String name) {
        Endpoints api = ls.client().api();
        if (api.resourceGroups(List.of(name)).isEmpty()) {
            try {
                api.createResourceGroup(new io.storagedrivers.linstor.api.dto.ResourceGroup(name, null, null, null,
                        null, null));
            } catch (LinstorApiException.Exists raced) {
                // created meanwhile
            }
        }
        if (api.volumeGroups(name).isEmpty()) {
            try {
                api.createVolumeGroup(name, new VolumeGroup(0, null, null, null));
            } catch (LinstorApiException.Exists raced) {
                // created meanwhile
            }
        }
        return new ResourceGroup(ls, name);
    }

    public String name() {
        return name;
    }

    /** The group as LINSTOR reports it now. */
    public io.storagedrivers.linstor.api.dto.ResourceGroup info() {
        return ls.client().api().resourceGroups(List.of(name)).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("resource group " + name + " vanished"));
    }

    public int redundancy() {
        AutoSelectFilter f = info().selectFilter();
        return f == null || f.placeCount() == null ? 2 : f.placeCount();
    }

    public ResourceGroup redundancy(int placeCount) {
        return filter(new AutoSelectFilter(placeCount, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null));
    }

    public ResourceGroup storagePools(List<String> pools) {
        return filter(new AutoSelectFilter(null, null, null, null, pools, null, null, null, null, null, null, null,
                null, null, null, null, null));
    }

    public ResourceGroup disklessOnRemaining(boolean on) {
        return filter(new AutoSelectFilter(null, null, null, null, null, null, null, null, null, null, null, null,
                null, on, null, null, null));
    }

    public ResourceGroup layerList(List<String> layers) {
        return filter(new AutoSelectFilter(null, null, null, null, null, null, null, null, null, null, null, layers,
                null, null, null, null, null));
    }

    public ResourceGroup props(Map<String, String> props) {
        ls.client().api().modifyResourceGroup(name, new ResourceGroupModify(null, props, null, null, null, null, null,
                null));
        return this;
    }

    private ResourceGroup filter(AutoSelectFilter f) {
        ls.client().api().modifyResourceGroup(name, new ResourceGroupModify(null, null, null, null, f, null, null, null));
        return this;
    }

    /** Spawns a resource with one volume per size (bytes), placed by this group's policy. */
    public Resource spawn(String resourceName, List<Long> sizesBytes) {
        return ls.spawn(name, resourceName, sizesBytes, false, null);
    }

    /** Deletes the group; absent: success. Fails while resource definitions use it. */
    public void delete() {
        ls.client().api().deleteResourceGroup(name);
    }
}
