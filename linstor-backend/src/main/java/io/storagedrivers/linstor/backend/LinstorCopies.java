package io.storagedrivers.linstor.backend;

import java.util.List;

import io.storagedrivers.linstor.api.dto.ResourceDefinitionModify;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * Clone (server-side, snapshot + restore, or new volume + dd per {@link LinstorSettings.CloneMode}),
 * save-as copies and image import. Data is written on a node holding a diskful replica of the
 * source (or target), where the device is local.
 */
final class LinstorCopies {
    private final Linstor ls;
    private final LinstorSettings settings;
    private final HostData data;

    LinstorCopies(Linstor ls, LinstorSettings settings, HostData data) {
        this.ls = ls;
        this.settings = settings;
        this.data = data;
    }

    private Resource existing(VolumeRef v) {
        Resource r = ls.resource(v.name());
        if (!r.defined()) {
            throw BackendException.notFound("LINSTOR resource " + v.name());
        }
        return r;
    }

    private static String dataNode(Resource r) {
        if (r.nodes().diskfulNodes().isEmpty()) {
            throw new BackendException(Kind.BACKEND_ERROR, "LINSTOR resource " + r.name() + " has no diskful replica");
        }
        return r.nodes().diskfulNodes().iterator().next();
    }

    VolumeInfo clone(VolumeRef source, VolumeRef target, long minSizeBytes, Progress progress, LinstorBackend be) {
        return LinstorErrors.call("cannot clone " + source.name() + " to " + target.name(), () -> {
            if (source.name().equalsIgnoreCase(target.name())) {
                // LINSTOR names are cluster-wide: "replacing" the target would delete the source
                throw new BackendException(Kind.INVALID, "cannot copy " + source.name() + " onto itself (to group "
                        + target.pool() + ")");
            }
            Resource src = existing(source);
            Resource old = ls.resource(target.name());
            if (old.defined()) {
                old.delete(true); // half-made by an earlier, crashed run
            }
            boolean sameGroup = target.pool().equalsIgnoreCase(src.resourceGroup());
            try {
                switch (settings.cloneMode()) {
                    case CLONE -> src.clone(target.name(), sameGroup ? null : target.pool());
                    case SNAPSHOT -> {
                        src.cloneViaSnapshot(target.name());
                        if (!sameGroup) {
                            ls.client().api().modifyResourceDefinition(target.name(), new ResourceDefinitionModify(
                                    null, null, null, null, null, null, target.pool()));
                        }
                    }
                    case COPY -> {
                        long size = Math.max(src.volume(0).sizeBytes(), minSizeBytes);
                        be.placement().spawn(target, size);
                        dd(src, ls.resource(target.name()), progress);
                    }
                    default -> throw new IllegalStateException();
                }
                Resource made = ls.resource(target.name());
                if (settings.cloneMode() != LinstorSettings.CloneMode.COPY && be.placement().placeNearHost(made)) {
                    made = made.refresh();
                }
                if (minSizeBytes > made.volume(0).sizeBytes()) {
                    be.resize(target, minSizeBytes); // zeroes what it adds in a thick pool
                }
            } catch (RuntimeException e) {
                try {
                    ls.resource(target.name()).delete(true);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            return be.find(target).orElseThrow();
        });
    }

    /**
     * Copies the source's data into the existing target. Unless the clone mode is {@code copy}, a
     * target without snapshots that no node uses (the empty volume of a save-as) is replaced by a
     * storage-side clone of the source in the target's group and size, as the add-on's cpds does;
     * otherwise the data is copied with dd on a node holding the source.
     */
    void copy(VolumeRef source, VolumeRef target, Progress progress, LinstorBackend be) {
        LinstorErrors.run("cannot copy " + source.name() + " to " + target.name(), () -> {
            Resource src = existing(source);
            Resource dst = existing(target);
            if (dst.volume(0).sizeBytes() < src.volume(0).sizeBytes()) {
                throw new BackendException(Kind.INVALID, target.name() + " is smaller than " + source.name());
            }
            if (settings.cloneMode() != LinstorSettings.CloneMode.COPY && dst.snapshots().isEmpty()
                    && dst.nodes().inUseNodes().isEmpty()) {
                clone(source, new VolumeRef(dst.resourceGroup(), target.name()), dst.volume(0).sizeBytes(), progress,
                        be);
                return;
            }
            dd(src, dst, progress);
        });
    }

    /**
     * dd on a node holding the source, the target made available there for the copy. Every byte of
     * the target is written (the rest past the source zeroed) unless its pool is thin.
     */
    private void dd(Resource src, Resource dst, Progress progress) {
        String node = dataNode(src);
        String dev = dst.activate(node);
        try {
            data.copy(node, src.nodes().devicePath(node, 0), dev, src.volume(0).sizeBytes(), dst.volume(0).sizeBytes(),
                    false, progress);
        } finally {
            dst.deactivate(node);
        }
    }

    /** Writes a local image into the existing target, on a node holding a replica of it. */
    void importImage(VolumeRef target, ImageSource image, Progress progress) {
        LinstorErrors.run("cannot import " + image.file() + " into " + target.name(), () -> {
            Resource dst = existing(target);
            if (dst.volume(0).sizeBytes() < image.virtualSizeBytes()) {
                throw new BackendException(Kind.INVALID, "volume " + target.name() + " (" + dst.volume(0).sizeBytes()
                        + " bytes) is smaller than the image (" + image.virtualSizeBytes() + " bytes)");
            }
            String node = dataNode(dst);
            String dev = dst.activate(node);
            data.importImage(node, dev, dst.volume(0).sizeBytes(), image, dst.isThin(), progress);
        });
    }
}
