package io.storagedrivers.cli.storage;

import java.util.List;

/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted and their quotes doubled; lines end
 * with CRLF. (lsmcli's "terse" output only joined fields with a separator.)
 */
final class Csv {

    private Csv() {
    }

    static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        return sb.append("\r\n").toString();
    }

    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
