package io.storagedrivers.one.datastore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.storagedrivers.one.OneAction;

/** Every datastore action by name. */
public final class DsActions {
    private DsActions() {
    }

    public static Map<String, OneAction> all() {
        Map<String, OneAction> m = new LinkedHashMap<>();
        for (OneAction a : List.of(new DsCp(), new DsMkfs(), new DsClone(), new DsStat(), new DsRm(),
                new DsMonitor(), new DsExport(), DsSnap.delete(), DsSnap.revert(),
                DsSnap.flatten())) {
            m.put(a.name(), a);
        }
        return m;
    }
}
