package io.storagedrivers.one;

import java.io.InputStream;
import java.util.Map;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * What one run of a DS/TM action works with: the driver profile, where commands run (frontend,
 * hosts over SSH), oned lookups, the reply streams, stdin and the environment.
 */
public final class ActionContext {
    private final OneDriverProfile profile;
    private final Runners runners;
    private final OneCli one;
    private final Reply reply;
    private final InputStream stdin;
    private final Map<String, String> env;

    public ActionContext(OneDriverProfile profile, Runners runners, OneCli one, Reply reply, InputStream stdin,
                         Map<String, String> env) {
        this.profile = profile;
        this.runners = runners;
        this.one = one;
        this.reply = reply;
        this.stdin = stdin;
        this.env = Map.copyOf(env);
    }

    public OneDriverProfile profile() {
        return profile;
    }

    public Runners runners() {
        return runners;
    }

    public OneCli one() {
        return one;
    }

    public Reply reply() {
        return reply;
    }

    public InputStream stdin() {
        return stdin;
    }

    /**
     * The data tools (dd, qemu-img, blkdiscard): from the environment, then the driver's config
     * file in the remotes tree; never from a datastore template (they run as root on hosts).
     */
    public io.storagedrivers.exec.copy.CopyTools copyTools() {
        Map<String, String> s = new java.util.HashMap<>(env);
        s.putAll(DriverConfig.read(DriverConfig.file(env, profile.driverName())));
        return io.storagedrivers.exec.copy.CopyTools.from(s);
    }

    /** An environment variable, "" when unset. */
    public String env(String name) {
        return env.getOrDefault(name, "");
    }

    /**
     * Starts opening {@code host}'s connection while the action reads oned and works on the
     * frontend: for a host the action is about to use ({@link io.storagedrivers.exec.Runners#connectAhead}).
     */
    public void connectAhead(String host) {
        runners.connectAhead(host);
    }

    /** File operations on {@code host} (the frontend when it names this machine). */
    public HostFiles files(String host) {
        return new HostFiles(runners.host(host), this::copyCommands);
    }

    /** File operations on the frontend. */
    public HostFiles localFiles() {
        return new HostFiles(runners.local(), this::copyCommands);
    }

    private io.storagedrivers.exec.copy.CopyCommands copyCommands() {
        return new io.storagedrivers.exec.copy.CopyCommands(copyTools());
    }

    /** The backend of {@code ds} and the ref of volume {@code name} in its pool. */
    public VolumeBackend backend(OneDatastore ds) {
        return profile.backend(ds);
    }

    public VolumeRef volume(OneDatastore ds, String name) {
        return new VolumeRef(profile.pool(ds), name);
    }
}
