package io.storagedrivers.cinderbridge.ops;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operation table of the API: {@code POST /v1/<backend>/<operation>} with an
 * {@link OpRequest} body, {@code GET /v1/<backend>/stats}. Names are Cinder's driver method names.
 */
public final class Operations {

    /** One operation. */
    @FunctionalInterface
    public interface Op {
        Map<String, Object> apply(BridgeBackend backend, OpRequest request);
    }

    /** An operation and whether it is read with GET (no body) or POST. */
    public record Entry(boolean get, Op op) {
    }

    private final Map<String, Entry> table = new LinkedHashMap<>();

    public Operations(ImageProbe images, Clock clock) {
        VolumeOps volumes = new VolumeOps(images);
        SnapshotOps snapshots = new SnapshotOps();
        ConnectionOps connections = new ConnectionOps();
        StatsOps stats = new StatsOps(clock);
        post("create_volume", volumes::create);
        post("delete_volume", volumes::delete);
        post("extend_volume", volumes::extend);
        post("copy_image_to_volume", volumes::copyImage);
        post("describe_volume", volumes::describe);
        post("create_cloned_volume", volumes::cloneVolume);
        post("create_volume_from_snapshot", volumes::fromSnapshot);
        post("create_snapshot", snapshots::create);
        post("delete_snapshot", snapshots::delete);
        post("create_group_snapshot", snapshots::createGroup);
        post("revert_to_snapshot", snapshots::revert);
        post("initialize_connection", connections::initialize);
        post("terminate_connection", connections::terminate);
        table.put("stats", new Entry(true, stats::stats));
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(table.get(name));
    }

    private void post(String name, Op op) {
        table.put(name, new Entry(false, op));
    }
}
