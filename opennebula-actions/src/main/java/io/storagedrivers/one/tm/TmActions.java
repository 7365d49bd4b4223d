package io.storagedrivers.one.tm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.storagedrivers.one.OneAction;
import io.storagedrivers.one.datastore.DsActions;

/** Every transfer-manager action by name. */
public final class TmActions {
    /** Actions answered with "not supported". */
    public static final List<String> NOT_SUPPORTED = List.of("prebackup", "prebackup_live", "postbackup", "postbackup_live", "restore");

    private TmActions() {
    }

    public static Map<String, OneAction> all() {
        Map<String, OneAction> m = new LinkedHashMap<>();
        for (OneAction a : List.of(new TmClone(), new TmLn(), new TmMkimage(), new TmMkswap(), new TmContext(),
                new TmMv(), new TmMvds(), new TmCpds(), new TmDelete(), new TmResize(), new TmPremigrate(), new TmActivate(),
                TmPostmigrate.postmigrate(), TmPostmigrate.failmigrate(),
                TmSnap.create(), TmSnap.createLive(), TmSnap.delete(), TmSnap.revert())) {
            m.put(a.name(), a);
        }
        // the system datastore monitor: oned runs tm/<drv>/monitor with the DS monitor's argv and stdin
        m.put("monitor", DsActions.all().get("monitor"));
        for (String n : NOT_SUPPORTED) {
            m.put(n, new TmNotSupported(n));
        }
        return m;
    }
}
