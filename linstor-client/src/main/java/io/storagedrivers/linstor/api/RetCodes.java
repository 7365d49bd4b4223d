package io.storagedrivers.linstor.api;

/**
 * LINSTOR's ret_code bit layout (linstor-common consts.json): type in bits 62-63, operation in
 * 24-25, object in 18-22, code in 0-14. Only the constants this project uses.
 */
public final class RetCodes {
    public static final long MASK_TYPE = 0xC000000000000000L;
    public static final long MASK_ERROR = 0xC000000000000000L;
    public static final long MASK_WARN = 0x8000000000000000L;
    public static final long MASK_INFO = 0x4000000000000000L;
    public static final long MASK_CODE = 0x7FFFL;

    public static final long MASK_CRT = 0x01000000L;
    public static final long MASK_MOD = 0x02000000L;
    public static final long MASK_DEL = 0x03000000L;

    public static final long MASK_NODE = 0x3C0000L;
    public static final long MASK_RSC_DFN = 0x380000L;
    public static final long MASK_RSC = 0x340000L;
    public static final long MASK_VLM_DFN = 0x300000L;
    public static final long MASK_VLM = 0x2C0000L;
    public static final long MASK_STOR_POOL = 0x140000L;
    public static final long MASK_CTRL_CONF = 0x100000L;
    public static final long MASK_SNAPSHOT = 0x0C0000L;
    public static final long MASK_RSC_GRP = 0x440000L;
    public static final long MASK_VLM_GRP = 0x480000L;

    public static final int CREATED = 1;
    public static final int DELETED = 2;
    public static final int MODIFIED = 3;

    public static final int FAIL_INVLD_NODE_NAME = 201;
    public static final int FAIL_INVLD_RSC_NAME = 202;
    public static final int FAIL_INVLD_VLM_SIZE = 206;
    public static final int FAIL_INVLD_STOR_POOL_NAME = 208;
    public static final int FAIL_INVLD_PROP = 213;
    public static final int FAIL_INVLD_SNAPSHOT_NAME = 218;
    public static final int FAIL_INVLD_PLACE_COUNT = 219;
    public static final int FAIL_INVLD_LAYER_STACK = 225;
    public static final int FAIL_INVLD_REQUEST = 234;
    public static final int FAIL_INVLD_RSC_GRP_NAME = 237;

    public static final int FAIL_NOT_FOUND_NODE = 300;
    public static final int FAIL_NOT_FOUND_RSC_DFN = 301;
    public static final int FAIL_NOT_FOUND_RSC = 302;
    public static final int FAIL_NOT_FOUND_VLM_DFN = 303;
    public static final int FAIL_NOT_FOUND_STOR_POOL = 310;
    public static final int FAIL_NOT_FOUND_SNAPSHOT_DFN = 313;
    public static final int FAIL_NOT_FOUND_RSC_GRP = 317;

    public static final int FAIL_ACC_DENIED_FIRST = 400;
    public static final int FAIL_ACC_DENIED_LAST = 499;

    public static final int FAIL_EXISTS_NODE = 500;
    public static final int FAIL_EXISTS_RSC_DFN = 501;
    public static final int FAIL_EXISTS_RSC = 502;
    public static final int FAIL_EXISTS_VLM_DFN = 503;
    public static final int FAIL_EXISTS_STOR_POOL = 509;
    public static final int FAIL_EXISTS_SNAPSHOT_DFN = 514;
    public static final int FAIL_EXISTS_EXT_NAME = 517;
    public static final int FAIL_EXISTS_RSC_GRP = 522;
    public static final int FAIL_EXISTS_VLM_GRP = 523;

    public static final int FAIL_POOL_EXHAUSTED_MINOR_NR = 801;
    public static final int FAIL_POOL_EXHAUSTED_TCP_PORT = 802;
    public static final int FAIL_POOL_EXHAUSTED_NODE_ID = 803;

    public static final int FAIL_NOT_ALL_UPTODATE = 974;
    public static final int FAIL_NOT_ENOUGH_FREE_SPACE = 980;
    public static final int FAIL_SNAPSHOTS_NOT_SUPPORTED = 994;
    public static final int FAIL_NOT_CONNECTED = 995;
    public static final int FAIL_NOT_ENOUGH_NODES = 996;
    public static final int FAIL_IN_USE = 997;
    public static final int FAIL_UNKNOWN_ERROR = 998;
    public static final int FAIL_IMPL_ERROR = 999;

    public static final int WARN_NOT_CONNECTED = 1002;
    public static final int WARN_RSC_ALREADY_DEPLOYED = 1006;
    public static final int WARN_VLMDFN_RESIZE_SAME_SIZE = 1023;
    public static final int WARN_NOT_FOUND = 3000;
    public static final int INFO_NO_RSC_SPAWNED = 10000;
    public static final int INFO_RSC_ALREADY_EXISTS = 10008;
    public static final int FAIL_SIGN_IN = 10000;
    public static final int FAIL_SIGN_IN_MISSING_CREDENTIALS = 10001;

    /** API_CALL_PARSE_ERROR with the error bits (the controller's answer to unparsable JSON). */
    public static final long API_CALL_PARSE_ERROR = 0xCFFFFFFFFFFFFFFDL;

    private RetCodes() {
    }
}
