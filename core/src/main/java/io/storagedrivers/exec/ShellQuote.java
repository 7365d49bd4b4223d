package io.storagedrivers.exec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * POSIX shell quoting, as Python's {@code shlex.quote}: a word of only safe characters stays as is,
 * anything else is wrapped in single quotes with embedded single quotes as {@code '"'"'}.
 *
 * <p>Used for two things only: printing commands in logs/errors, and the single place where an
 * argv crosses SSH ({@code io.storagedrivers.exec.ssh}). Nothing else may build shell text.
 */
public final class ShellQuote {
    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9_@%+=:,./-]+$");

    private ShellQuote() {
    }

    public static String quote(String word) {
        if (word.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    public static String join(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }
}
