package io.storagedrivers.one;

import java.util.List;

/** One DS or TM action (a file under remotes/datastore/<drv>/ or remotes/tm/<drv>/). */
public interface OneAction {

    /** The action name oned uses (file name of the shim): {@code cp}, {@code clone}... */
    String name();

    /** Runs with the arguments as oned passed them; throws on failure (the caller replies). */
    void run(List<String> args, ActionContext ctx);
}
