package io.storagedrivers.cinderbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.storagedrivers.checks.Check;
import io.storagedrivers.doctor.DoctorCommand;
import io.storagedrivers.sharedlvm.SharedLvmSettings;
import io.storagedrivers.sharedlvm.doctor.ThinToolsCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code doctor} of cinder-bridge.jar: the common checks, plus the bridge's config: it loads, and
 * every lvm:// backend names this machine as its VG's metadata host (see {@link MetadataHost}).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        // the first line is the summary in the jar's command list: keep it a whole sentence
        description = {"Check this node, its hosts and the bridge's config; one line per check, exit 1 if any fails.",
                "Checks: VGs visible, LVM metadata read-only on hosts, SSH with verified host keys, sudo rights,",
                "Java version; every lvm:// backend of the bridge served only on its VG's metadata host;",
                "thin-provisioning-tools for an lvm:// backend with LVM_THIN_ENABLE on a shared VG."})
final class BridgeDoctorCommand extends DoctorCommand {
    static final Path DEFAULT_CONFIG = Path.of("/etc/storage-drivers/cinder-bridge.conf");

    @Option(names = "--config", paramLabel = "FILE",
            description = "bridge config to check (default: " + "/etc/storage-drivers/cinder-bridge.conf, when present)")
    Path config;

    @Override
    protected boolean extraChecks(Consumer<Check> sink) {
        Path file = config != null ? config : Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        if (file == null) {
            return true;
        }
        BridgeConfig cfg;
        try {
            cfg = BridgeConfig.load(file);
        } catch (IllegalArgumentException e) {
            sink.accept(Check.fail("bridge config " + file + ": " + e.getMessage()));
            return false;
        }
        sink.accept(Check.ok("bridge config " + file + " loads (backends: " + String.join(", ", cfg.backends().keySet())
                + ")"));
        boolean ok = true;
        MetadataHost.Machine me = MetadataHost.Machine.local();
        for (var e : cfg.backends().entrySet()) {
            if (!MetadataHost.needsCheck(e.getValue().uri().getScheme())) {
                continue;
            }
            if (MetadataHost.sharedVg(e.getValue())) {
                sink.accept(Check.ok("backend " + e.getKey() + ": " + e.getValue().uri().getRawAuthority()
                        + " is a shared VG (lvmlockd): this machine writes its metadata under LVM's VG lock"));
                if (SharedLvmSettings.from(e.getValue().settings()).thin()) {
                    Check tools = ThinToolsCheck.local(e.getValue().settings());
                    sink.accept(tools.ok() ? Check.ok("backend " + e.getKey() + ": " + tools.what())
                            : Check.fail("backend " + e.getKey() + ": " + tools.what()));
                    ok &= tools.ok();
                }
                continue;
            }
            String why = MetadataHost.check(e.getKey(), e.getValue().metadataHost(), me);
            if (why == null) {
                sink.accept(Check.ok("backend " + e.getKey() + ": this machine is the VG's metadata host ("
                        + e.getValue().metadataHost() + "), the only LVM metadata writer"));
            } else {
                sink.accept(Check.fail(why));
                ok = false;
            }
        }
        return ok;
    }
}
