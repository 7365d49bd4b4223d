package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneAction;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneException;

/** A transfer-manager action: the words of the transfer-file line after the driver name. */
abstract class TmAction implements OneAction {
    private final int minArgs;
    private final int maxArgs;
    private final String usage;

    TmAction(int minArgs, int maxArgs, String usage) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.usage = usage;
    }

    @Override
    public final void run(List<String> args, ActionContext ctx) {
        OneArgs.count(args, minArgs, maxArgs, name() + " " + usage);
        execute(args, ctx);
    }

    abstract void execute(List<String> args, ActionContext ctx);

    /** The SOURCE of a {@code fe:SOURCE} argument (oned adds {@code fe:} when SOURCE has no ':'). */
    static String sourceOf(String arg) {
        int colon = arg.indexOf(':');
        if (colon <= 0 || colon == arg.length() - 1) {
            throw new OneException("expected frontend:SOURCE, got '" + arg + "'");
        }
        HostPath.host(arg.substring(0, colon));
        return arg.substring(colon + 1);
    }

    static int vmId(String arg) {
        return OneArgs.id("VM id", arg);
    }

    static int dsId(String arg) {
        return OneArgs.id("datastore id", arg);
    }
}
