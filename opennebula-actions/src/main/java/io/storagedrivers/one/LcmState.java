package io.storagedrivers.one;

import java.util.Set;

/**
 * The VM LCM_STATE values the transfer actions decide on (OpenNebula's VirtualMachine::LcmState).
 */
public final class LcmState {
    public static final int PROLOG_RESUME = 9;
    public static final int EPILOG_STOP = 10;
    public static final int UNKNOWN = 16;
    public static final int EPILOG_UNDEPLOY = 30;
    public static final int PROLOG_UNDEPLOY = 31;
    public static final int EPILOG_STOP_FAILURE = 41;
    public static final int EPILOG_UNDEPLOY_FAILURE = 42;
    public static final int PROLOG_RESUME_FAILURE = 49;
    public static final int PROLOG_UNDEPLOY_FAILURE = 50;
    public static final int PROLOG_MIGRATE_UNKNOWN = 60;
    public static final int PROLOG_MIGRATE_UNKNOWN_FAILURE = 61;

    /** mv in these states leaves the source alone: it is the frontend, or a host that is down. */
    public static final Set<Integer> SOURCE_UNTOUCHED = Set.of(PROLOG_RESUME, UNKNOWN, PROLOG_UNDEPLOY,
            PROLOG_RESUME_FAILURE, PROLOG_UNDEPLOY_FAILURE, PROLOG_MIGRATE_UNKNOWN, PROLOG_MIGRATE_UNKNOWN_FAILURE);

    /** mv in these states moves the VM to the frontend: deactivate the source, activate nothing. */
    public static final Set<Integer> TO_FRONTEND = Set.of(EPILOG_STOP, EPILOG_UNDEPLOY, EPILOG_STOP_FAILURE,
            EPILOG_UNDEPLOY_FAILURE);

    private LcmState() {
    }
}
