package io.storagedrivers.one;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;

/**
 * Asks oned about objects the way OpenNebula's own drivers do: {@code onevm show -x ID} and
 * {@code onedatastore show -x ID} from PATH, on the frontend. Each object is read once per action.
 */
public final class OneCli {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final CommandRunner local;
    private final Map<Integer, OneVm> vms = new HashMap<>();
    private final Map<Integer, OneDatastore> datastores = new HashMap<>();

    public OneCli(CommandRunner local) {
        this.local = local;
    }

    public OneVm vm(int id) {
        return vms.computeIfAbsent(id, i -> OneVm.from(OneXml.parse(show("onevm", i), "the XML of VM " + i)));
    }

    public OneDatastore datastore(int id) {
        return datastores.computeIfAbsent(id,
                i -> OneDatastore.from(OneXml.parse(show("onedatastore", i), "the XML of datastore " + i)));
    }

    private String show(String tool, int id) {
        Command c = Command.of(tool, "show", "-x", Integer.toString(id)).withTimeout(TIMEOUT);
        try {
            return local.run(c).stdout();
        } catch (CommandFailedException e) {
            throw new OneException("cannot read " + tool.substring(3) + " " + id + " from oned: " + e.getMessage(), e);
        }
    }
}
