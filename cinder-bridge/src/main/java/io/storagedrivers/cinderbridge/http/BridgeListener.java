package io.storagedrivers.cinderbridge.http;

/** Where the bridge serves its API: TCP ({@link BridgeServer}) or a Unix socket ({@link UnixHttpServer}). */
public interface BridgeListener {

    void start();

    /** What clients connect to: {@code http(s)://host:port} or {@code unix:///path}. */
    String url();

    /** Stops accepting, lets running requests finish for up to {@code graceSeconds}. */
    void stop(int graceSeconds);
}
