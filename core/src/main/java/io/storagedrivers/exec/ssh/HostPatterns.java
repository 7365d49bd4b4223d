package io.storagedrivers.exec.ssh;

import java.util.List;
import java.util.Locale;

/** OpenSSH's {@code Host} pattern matching: {@code *}, {@code ?}, {@code !negation}, case-insensitive. */
final class HostPatterns {
    private HostPatterns() {
    }

    /** OpenSSH's Host matching: some positive pattern matches and no negated one does. */
    static boolean matches(List<String> patterns, String host) {
        if (patterns == null) {
            return true;
        }
        boolean any = false;
        for (String p : patterns) {
            if (p.startsWith("!")) {
                if (glob(p.substring(1), host)) {
                    return false;
                }
            } else if (glob(p, host)) {
                any = true;
            }
        }
        return any;
    }

    /** {@code *} and {@code ?} wildcards, case-insensitive like OpenSSH's host matching. */
    static boolean glob(String pattern, String s) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String t = s.toLowerCase(Locale.ROOT);
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
