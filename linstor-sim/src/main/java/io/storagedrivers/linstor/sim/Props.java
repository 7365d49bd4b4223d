package io.storagedrivers.linstor.sim;

import java.util.List;
import java.util.Map;

/** Applies override_props / delete_props / delete_namespaces to a props map. */
final class Props {
    private Props() {
    }

    static void apply(Map<String, String> props, Map<String, String> override, List<String> delete,
                      List<String> deleteNamespaces) {
        if (override != null) {
            props.putAll(override);
        }
        if (delete != null) {
            delete.forEach(props::remove);
        }
        if (deleteNamespaces != null) {
            for (String ns : deleteNamespaces) {
                String prefix = ns.endsWith("/") ? ns : ns + "/";
                props.keySet().removeIf(k -> k.startsWith(prefix));
            }
        }
    }
}
