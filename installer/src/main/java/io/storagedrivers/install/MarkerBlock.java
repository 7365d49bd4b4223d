package io.storagedrivers.install;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stanza install.sh added to oned.conf, between a begin and an end comment line. The begin line
 * records what else was changed for that driver ({@code lists=}: the MAD argument lists its name
 * was appended to) and whether a final newline had to be added to the file ({@code eofnl}), so
 * that an uninstall can restore the file byte for byte.
 *
 * <pre>
 * (blank line)
 * # &gt;&gt;&gt; storage-drivers TM_MAD_CONF shared_lvm lists=TM_MAD:-d,DATASTORE_MAD:-d -- added by install.sh ...
 * TM_MAD_CONF = [ ... ]
 * # &lt;&lt;&lt; storage-drivers TM_MAD_CONF shared_lvm
 * </pre>
 *
 * @param attribute    TM_MAD_CONF or DS_MAD_CONF
 * @param driver       driver name
 * @param lists        recorded {@code MAD:option} lists (TM_MAD_CONF blocks only)
 * @param eofNewline   the insertion also added a newline to a file that did not end in one
 * @param removeStart  where the inserted text starts (the blank line before the begin marker)
 * @param beginStart   start of the begin marker line
 * @param beginEnd     end of the begin marker line (before its newline)
 * @param end          end of the inserted text (after the end marker's newline)
 */
record MarkerBlock(String attribute, String driver, List<String> lists, boolean eofNewline,
                   int removeStart, int beginStart, int beginEnd, int end) {

    private static final Pattern BEGIN = Pattern.compile(
            "(?m)^# >>> storage-drivers (TM_MAD_CONF|DS_MAD_CONF) ([A-Za-z0-9_.-]+)((?: [a-z]+(?:=\\S*)?)*) -- .*$");
    private static final String SUFFIX = " -- added by install.sh; install.sh --uninstall removes this block";

    static String beginLine(String attribute, String driver, List<String> lists, boolean eofNewline) {
        StringBuilder sb = new StringBuilder("# >>> storage-drivers ").append(attribute).append(' ').append(driver);
        if (attribute.equals("TM_MAD_CONF")) {
            sb.append(" lists=").append(String.join(",", lists));
        }
        if (eofNewline) {
            sb.append(" eofnl");
        }
        return sb.append(SUFFIX).toString();
    }

    static String endLine(String attribute, String driver) {
        return "# <<< storage-drivers " + attribute + " " + driver;
    }

    /** The text to insert at a line start (or at the end of a file lacking a final newline). */
    static String insertion(String attribute, DriverRegistration d, List<String> lists, boolean eofNewline) {
        return (eofNewline ? "\n" : "") + "\n" + beginLine(attribute, d.name(), lists, eofNewline) + "\n"
                + d.stanza(attribute) + endLine(attribute, d.name()) + "\n";
    }

    /** Every marker block in {@code text}; an unterminated one is an error (the file was hand-edited). */
    static List<MarkerBlock> find(String text) {
        List<MarkerBlock> blocks = new ArrayList<>();
        Matcher m = BEGIN.matcher(text);
        while (m.find()) {
            String attribute = m.group(1);
            String driver = m.group(2);
            List<String> lists = List.of();
            boolean eofnl = false;
            for (String opt : m.group(3).trim().split(" ")) {
                if (opt.startsWith("lists=")) {
                    String v = opt.substring("lists=".length());
                    lists = v.isEmpty() ? List.of() : Arrays.asList(v.split(","));
                } else if (opt.equals("eofnl")) {
                    eofnl = true;
                }
            }
            String endMarker = endLine(attribute, driver);
            int endAt = findLine(text, endMarker, m.end());
            if (endAt < 0) {
                throw new IllegalArgumentException("oned.conf: '" + m.group().substring(0, m.group().indexOf(" --"))
                        + "' has no matching '" + endMarker + "' line; fix the file by hand");
            }
            int end = Math.min(text.length(), endAt + endMarker.length() + 1);
            int start = m.start();
            int removeStart = start;
            if (start >= 1 && text.charAt(start - 1) == '\n' && (start == 1 || text.charAt(start - 2) == '\n')) {
                removeStart = start - 1;
                if (eofnl && removeStart >= 1 && text.charAt(removeStart - 1) == '\n') {
                    removeStart--;
                }
            }
            blocks.add(new MarkerBlock(attribute, driver, lists, eofnl, removeStart, start, m.end(), end));
        }
        return blocks;
    }

    boolean contains(int offset) {
        return offset >= beginStart && offset < end;
    }

    private static int findLine(String text, String line, int from) {
        int i = from;
        while ((i = text.indexOf(line, i)) >= 0) {
            boolean atStart = i == 0 || text.charAt(i - 1) == '\n';
            int after = i + line.length();
            boolean atEnd = after == text.length() || text.charAt(after) == '\n';
            if (atStart && atEnd) {
                return i;
            }
            i = after;
        }
        return -1;
    }
}
