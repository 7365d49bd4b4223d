package io.storagedrivers.one.warm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment an action runs with, and whether this service may run it. A cold JVM gets the
 * shim's environment; the service reads the same from {@code /proc/<shim pid>/environ} (the shim
 * is alive while it waits, and runs as this user) plus what the shim itself exports
 * (STORAGE_DRIVERS_REMOTES, LC_ALL=C). The action's own settings come from that map. What the
 * service's process environment decides instead (the programs' PATH, LVM_SYSTEM_DIR, the SSH
 * config, the lock directory...) must be the same as the shim's: the variables that can change
 * what a command or this JVM does are compared, and any difference sends the shim back to the
 * cold JVM.
 */
final class WarmEnvironment {
    /** Variables that decide what the driver or its commands do (the others: shells', terminals'...). */
    private static final Pattern RELEVANT = Pattern.compile(
            "PATH|HOME|USER|LOGNAME|TMPDIR|JAVA_HOME|LANG|LANGUAGE|LC_[A-Z_]+|TZ"
                    + "|LVM_[A-Z_]+|DM_[A-Z_]+|ONE_[A-Z_]+|STORAGE_DRIVERS_[A-Z_]+|LINSTOR_[A-Z_]+|LS_[A-Z_]+");
    /** Control variables of the shim and runner bookkeeping: not part of what an action does. */
    private static final Pattern IGNORED = Pattern.compile("STORAGE_DRIVERS_WARM[A-Z_]*|ONE_MAD_DEBUG");

    private WarmEnvironment() {
    }

    /** The environment a cold JVM started by that shim would have. */
    static Map<String, String> of(WarmRequest r) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(r.pid()), "environ"));
        Map<String, String> env = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    String kv = new String(raw, start, i - start, StandardCharsets.UTF_8);
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        env.put("STORAGE_DRIVERS_REMOTES", r.remotes());
        env.put("LC_ALL", "C");
        return env;
    }

    /** The first relevant variable that differs ("" when none): the reason to refuse. */
    static String difference(Map<String, String> request, Map<String, String> service) {
        Map<String, String> a = relevant(request);
        Map<String, String> b = relevant(service);
        for (String k : union(a, b)) {
            if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                return k;
            }
        }
        return "";
    }

    private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static Map<String, String> relevant(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (RELEVANT.matcher(k).matches() && !IGNORED.matcher(k).matches()) {
                out.put(k, v);
            }
        });
        return out;
    }
}
