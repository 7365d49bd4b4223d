package io.storagedrivers.one;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandLog;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.one.rpc.OneRpcClient;
import io.storagedrivers.one.rpc.OneRpcSettings;

/**
 * Asks oned about objects: through its XML-RPC API ({@code one.vm.info}, {@code one.datastore.info})
 * when the OpenNebula user's credentials are found as OpenNebula's CLI finds them
 * ({@link OneRpcSettings}), else as OpenNebula's own drivers do, with {@code onevm show -x ID} and
 * {@code onedatastore show -x ID} from PATH. Both give oned's same document; the API saves the
 * CLI's Ruby start (0.3-1 s a call on a frontend). When oned cannot be reached or does not answer
 * as oned does, the CLI is asked instead: it reads the same files, so it gives the same answer or
 * the same error, in today's words. Each object is read once per action.
 */
public final class OneCli {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final CommandRunner local;
    private final Map<String, String> env;
    private final Map<Integer, OneVm> vms = new HashMap<>();
    private final Map<Integer, OneDatastore> datastores = new HashMap<>();
    private OneRpcSettings.Found rpc;

    public OneCli(CommandRunner local, Map<String, String> env) {
        this.local = local;
        this.env = Map.copyOf(env);
    }

    public OneVm vm(int id) {
        return vms.computeIfAbsent(id, i -> OneVm.from(OneXml.parse(show("onevm", "one.vm.info", i), "the XML of VM " + i)));
    }

    public OneDatastore datastore(int id) {
        return datastores.computeIfAbsent(id, i -> OneDatastore.from(
                OneXml.parse(show("onedatastore", "one.datastore.info", i), "the XML of datastore " + i)));
    }

    private String show(String tool, String method, int id) {
        String what = "cannot read " + tool.substring(3) + " " + id + " from oned: ";
        if (rpc == null) {
            rpc = OneRpcSettings.find(env);
            if (rpc.settings() == null) {
                log("-", method + " " + id, "not used (" + rpc.why() + ")", System.nanoTime());
            }
        }
        if (rpc.settings() != null) {
            String xml = viaApi(rpc.settings(), method, id, what);
            if (xml != null) {
                return xml;
            }
        }
        Command c = Command.of(tool, "show", "-x", Integer.toString(id)).withTimeout(TIMEOUT);
        try {
            return local.run(c).stdout();
        } catch (CommandFailedException e) {
            throw new OneException(what + e.getMessage(), e);
        }
    }

    /** The object's XML, or null when the CLI is to be asked instead. */
    private String viaApi(OneRpcSettings s, String method, int id, String what) {
        String call = method + " " + id;
        String where = s.endpoint().getHost() + ":" + s.endpoint().getPort();
        long t0 = System.nanoTime();
        try {
            // the decrypt flag false, as onevm show sends it
            OneRpcClient.Answer a = new OneRpcClient(s).call(method, id, false);
            log(where, call, a.success() ? "ok" : "error " + a.code(), t0);
            if (!a.success()) {
                throw new OneException(what + method + " failed (" + errorName(a.code()) + "): " + a.text());
            }
            return a.text();
        } catch (OneRpcClient.TimedOut e) {
            log(where, call, "timed out", t0);
            throw new OneException(what + e.getMessage());
        } catch (OneRpcClient.Unavailable e) {
            log(where, call, "unavailable, asking the CLI (" + OneXml.clip(e.getMessage()) + ")", t0);
            return null;
        }
    }

    /** To the command log the action's environment asks for (STORAGE_DRIVERS_LOG, _DEBUG), as its commands. */
    private void log(String where, String call, String outcome, long t0) {
        CommandLog.from(env, System.err).request("rpc", where, call, outcome, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** oned's error codes (its XML-RPC API reference). */
    static String errorName(int code) {
        return switch (code) {
            case 0x0100 -> "AUTHENTICATION";
            case 0x0200 -> "AUTHORIZATION";
            case 0x0400 -> "NO_EXISTS";
            case 0x0800 -> "ACTION";
            case 0x1000 -> "XML_RPC_API";
            case 0x2000 -> "INTERNAL";
            case 0x4000 -> "ALLOCATE";
            case 0x8000 -> "LOCKED";
            default -> "error " + code;
        };
    }
}
