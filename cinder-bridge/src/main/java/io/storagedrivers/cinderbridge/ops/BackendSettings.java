package io.storagedrivers.cinderbridge.ops;

import java.time.Duration;
import java.util.Map;

/**
 * What the bridge itself needs to know about one configured backend (the rest of the backend's
 * settings go to its provider).
 *
 * @param name            the backend's name in the bridge config; the Python driver names it in every URL
 * @param defaultPool     pool for volumes whose Cinder host carries no {@code #pool}; null = the first pool
 * @param zeroOnDelete    wipe volumes before removing them (null = unless the backend is thin)
 * @param storageProtocol reported to Cinder's scheduler ({@code storage_protocol})
 * @param hostMap         Cinder/Nova host name (connector {@code host}) to backend host name
 * @param lockWait        how long a request waits for another one on the same volume before "busy"
 * @param statsMaxAge     how long pool capacities are served from the cache
 * @param maxRequests     requests running at once on this backend ({@link BackendGate}); four times as many may wait
 */
public record BackendSettings(String name, String defaultPool, Boolean zeroOnDelete, String storageProtocol,
        Map<String, String> hostMap, Duration lockWait, Duration statsMaxAge, int maxRequests) {

    public static final int DEFAULT_MAX_REQUESTS = 16;

    public BackendSettings {
        hostMap = Map.copyOf(hostMap);
        if (maxRequests < 1) {
            throw new IllegalArgumentException("max_requests must be at least 1");
        }
    }

    public BackendSettings(String name, String defaultPool, Boolean zeroOnDelete, String storageProtocol,
            Map<String, String> hostMap, Duration lockWait, Duration statsMaxAge) {
        this(name, defaultPool, zeroOnDelete, storageProtocol, hostMap, lockWait, statsMaxAge, DEFAULT_MAX_REQUESTS);
    }

    public static BackendSettings defaults(String name) {
        return new BackendSettings(name, null, null, null, Map.of(), Duration.ofSeconds(30), Duration.ofSeconds(5),
                DEFAULT_MAX_REQUESTS);
    }

    /** The backend's name for the host Cinder calls {@code cinderHost}. */
    public String backendHost(String cinderHost) {
        return hostMap.getOrDefault(cinderHost, cinderHost);
    }
}
