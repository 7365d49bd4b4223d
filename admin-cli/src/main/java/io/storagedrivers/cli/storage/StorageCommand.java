package io.storagedrivers.cli.storage;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code storage}: one admin tool for every backend (libStorageMgmt's lsmcli, with real CSV, no
 * prompt without a terminal and distinct exit codes). Added as a subcommand to every driver jar.
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
        versionProvider = io.storagedrivers.cli.ManifestVersion.class,
        description = {"Look at and manage volumes on any backend: shared LVM, LINSTOR, or the simulator.",
            "Backend: --uri or $STORAGE_URI: lvm://VG, linstor://HOST[:PORT], linstor+ssl://HOST[:PORT],"
                + " sim:///path/state.json. Secrets come from the config file or the environment, never the URI."},
        subcommands = {SystemsCommand.class, PoolsCommand.class, VolumesCommand.class, HostsCommand.class,
            CapabilitiesCommand.class, VolumeCreateCommand.class, VolumeDeleteCommand.class,
            VolumeResizeCommand.class, VolumeCloneCommand.class, SnapshotListCommand.class,
            SnapshotCreateCommand.class, SnapshotGroupCreateCommand.class, SnapshotDeleteCommand.class,
            SnapshotRevertCommand.class,
            ActivateCommand.class, DeactivateCommand.class, OrphansCommand.class, HostReleaseCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success",
            "1:the operation failed (one line on stderr says why; e.g. no space, already exists)",
            "2:usage error: unknown command, bad option or argument, missing --force",
            "3:the named volume, snapshot or pool does not exist",
            "4:the storage backend failed or could not be reached (shared LVM: a host could not be asked whether a volume is active)",
            "5:the object is in use (attached, locked); retry later"})
public final class StorageCommand implements Runnable {

    @Spec
    CommandSpec spec;

    final StorageContext context;

    @Option(names = "--uri", scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "backend URI (default: $STORAGE_URI, then 'uri' in the config file)")
    String uri;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "settings file (Java properties; default: $STORAGE_CONFIG, then " + BackendSettings.DEFAULT_CONFIG + ")")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON")
    boolean json;

    @Option(names = "--csv", scope = ScopeType.INHERIT, description = "print RFC 4180 CSV (header line, CRLF)")
    boolean csv;

    /** Used by picocli when {@code storage} is a subcommand of a driver jar's main. */
    public StorageCommand() {
        this(StorageContext.system());
    }

    StorageCommand(StorageContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command (try --help)");
    }

    OutputFormat format() {
        if (json && csv) {
            throw CliException.usage("--json and --csv exclude each other");
        }
        return json ? OutputFormat.JSON : csv ? OutputFormat.CSV : OutputFormat.TABLE;
    }
}
