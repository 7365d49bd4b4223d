package io.storagedrivers.cli;

/**
 * Exit codes of every driver jar. OpenNebula only distinguishes 0 from non-zero; the finer codes
 * are for people and scripts (the admin CLI documents them in its --help).
 */
public enum ExitCode {
    OK(0, "success"),
    FAILED(1, "the action failed (one line on stderr says why)"),
    USAGE(2, "usage error: unknown command, bad option or argument"),
    NOT_FOUND(3, "the named object does not exist"),
    BACKEND(4, "the storage backend failed or could not be reached"),
    BUSY(5, "the object is in use or locked; retry later");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The exit-code table for a picocli {@code exitCodeList}/footer. */
    public static String table(ExitCode... codes) {
        StringBuilder sb = new StringBuilder();
        for (ExitCode c : codes) {
            sb.append(String.format("  %d  %s%n", c.code, c.meaning));
        }
        return sb.toString();
    }
}
