package io.storagedrivers.validate;

/**
 * The one place where text from outside (arguments, XML attributes, JSON fields, command output)
 * becomes part of an error or log line: every error path (the jars' stderr, the admin CLI, the
 * bridge's JSON errors and log) goes through {@link #line}. Control characters (ESC, BEL, DEL,
 * C1 controls, bidirectional overrides) are shown escaped, so a value cannot move the cursor,
 * recolour a terminal or forge a second log line, and a line is cut at {@link #MAX_LINE}
 * characters, so a 3 MB attribute does not become a 3 MB stderr line.
 */
public final class Printable {
    /** Longest line printed; longer ones are cut and say how long they were. */
    public static final int MAX_LINE = 1000;
    /** Longest value quoted inside a message by {@link #value}. */
    public static final int MAX_VALUE = 80;

    private Printable() {
    }

    /**
     * One printable line: runs of whitespace (newlines included) become one space, other control
     * characters are escaped ({@code \x1b}, {@code \u202e}), the result is cut at {@link #MAX_LINE}.
     */
    public static String line(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_LINE) + 16);
        boolean space = false;
        int i = 0;
        for (; i < text.length() && sb.length() < MAX_LINE; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            escape(sb, c);
        }
        if (i < text.length()) {
            sb.append("... (").append(text.length()).append(" chars, cut)");
        }
        return sb.toString();
    }

    /**
     * A value quoted inside a message: {@code "..."} with quotes, backslashes, control characters
     * and non-ASCII escaped Java-style, cut after {@link #MAX_VALUE} characters; {@code (missing)} for null.
     */
    public static String value(String value) {
        if (value == null) {
            return "(missing)";
        }
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(value.length(), MAX_VALUE);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        if (value.length() > limit) {
            sb.append("... (").append(value.length()).append(" chars)");
        }
        return sb.toString();
    }

    private static void escape(StringBuilder sb, char c) {
        if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
        } else if ((c >= 0x80 && c <= 0x9f) || isFormat(c)) {
            sb.append(String.format("\\u%04x", (int) c));
        } else {
            sb.append(c);
        }
    }

    /** Invisible characters that reorder or hide text: bidi controls, zero-width ones, BOM, U+2028/9. */
    private static boolean isFormat(char c) {
        int t = Character.getType(c);
        return t == Character.FORMAT || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR;
    }
}
