package io.storagedrivers.cli.storage;

import java.util.Map;
import java.util.TreeMap;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import picocli.CommandLine.Command;

/** {@code systems}: the storage system behind the URI. */
@Command(name = "systems", mixinStandardHelpOptions = true, description = "Show the storage system behind the URI.")
final class SystemsCommand extends AbstractStorageCommand {

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        Map<String, String> info = new TreeMap<>(backend.systemInfo());
        String id = info.remove("id");
        String name = info.remove("name");
        StringBuilder details = new StringBuilder();
        info.forEach((k, v) -> details.append(details.length() == 0 ? "" : " ").append(k).append('=').append(v));
        print(new Table(Table.Column.text("id"), Table.Column.text("name"), Table.Column.text("kind"),
                Table.Column.text("uri"), Table.Column.text("details"))
                .row(id, name, backend.kind(), BackendSettings.display(BackendSettings.uri(root.uri, settings())),
                        details.toString()));
        return ExitCode.OK;
    }
}
