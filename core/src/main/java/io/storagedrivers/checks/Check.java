package io.storagedrivers.checks;

/** One line of the doctor's report: {@code ok   <what>} or {@code FAIL <what>}. */
public record Check(boolean ok, String what) {

    public static Check ok(String what) {
        return new Check(true, what);
    }

    public static Check fail(String what) {
        return new Check(false, what);
    }

    public String line() {
        return (ok ? "ok   " : "FAIL ") + what;
    }
}
