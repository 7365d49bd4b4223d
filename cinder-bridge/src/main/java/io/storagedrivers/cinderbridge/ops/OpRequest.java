package io.storagedrivers.cinderbridge.ops;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The JSON body of every operation (snake_case on the wire). Each operation reads the fields it
 * needs and refuses the request when one is missing; unknown fields are ignored so that a newer
 * Python driver can talk to an older bridge.
 *
 * @param volume           the volume the operation is about (or the new volume)
 * @param sourceVolume     clone source
 * @param snapshot         snapshot to create/delete/create from
 * @param newSizeGb        extend target size
 * @param image            image file to write into a new volume
 * @param connector        os-brick connector of the attaching host ({@code host} is used); null = every host
 * @param attachmentHosts  hosts of the volume's Cinder attachments, oldest first, including the one being
 *                         terminated (terminate_connection only)
 * @param snapshots        the snapshots of a group snapshot, one per volume of the group (create_group_snapshot only)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpRequest(VolumeSpec volume, VolumeSpec sourceVolume, SnapshotSpec snapshot, Integer newSizeGb,
        ImageSpec image, Map<String, Object> connector, List<String> attachmentHosts, List<SnapshotSpec> snapshots) {

    /**
     * A Cinder volume as the driver sees it.
     *
     * @param nameId      Cinder's {@code volume.name_id} (a UUID): names the backend object
     * @param providerId  what the bridge returned as {@code provider_id} earlier, if any (wins over nameId)
     * @param sizeGb      size in GiB
     * @param pool        the {@code #pool} part of {@code volume.host}; null = the backend's default pool
     * @param multiattach the volume may be attached several times at once
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VolumeSpec(String nameId, String providerId, Integer sizeGb, String pool, Boolean multiattach) {
        public boolean multiattachEnabled() {
            return Boolean.TRUE.equals(multiattach);
        }
    }

    /**
     * @param id           Cinder's snapshot id (a UUID)
     * @param providerId   what the bridge returned as the snapshot's {@code provider_id}, if any
     * @param volume       the parent volume
     * @param volumeSizeGb the parent's size when the snapshot was taken
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SnapshotSpec(String id, String providerId, VolumeSpec volume, Integer volumeSizeGb) {
    }

    /**
     * @param path   image file on the bridge's machine, inside the configured {@code image_dir}
     * @param format {@code raw} or {@code qcow2}; null = ask qemu-img
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImageSpec(String path, String format) {
    }

    public VolumeSpec requireVolume() {
        if (volume == null) {
            throw ApiException.invalid("missing field: volume");
        }
        return volume;
    }

    public SnapshotSpec requireSnapshot() {
        if (snapshot == null) {
            throw ApiException.invalid("missing field: snapshot");
        }
        if (snapshot.volume() == null) {
            throw ApiException.invalid("missing field: snapshot.volume");
        }
        return snapshot;
    }
}
