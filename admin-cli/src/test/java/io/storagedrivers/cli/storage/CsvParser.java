package io.storagedrivers.cli.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 4180 reader for the tests: CRLF line ends, quoted fields with doubled quotes, every
 * record as many fields as the header. Anything else fails the test.
 */
public final class CsvParser {

    private CsvParser() {
    }

    public static List<Map<String, String>> parse(String text) {
        List<List<String>> records = records(text);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no header line");
        }
        List<String> header = records.get(0);
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("record has " + r.size() + " fields, header " + header.size() + ": " + r);
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                m.put(header.get(i), r.get(i));
            }
            out.add(m);
        }
        return out;
    }

    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        boolean fieldStart = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (fieldStart && c == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("unterminated quoted field");
                    }
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(q);
                    }
                }
                fieldStart = false;
                if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException("text after a closing quote at " + i);
                }
                continue;
            }
            if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
                fieldStart = true;
                i++;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new IllegalArgumentException("CR without LF at " + i);
                }
                fields.add(f.toString());
                f.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                fieldStart = true;
                i += 2;
            } else if (c == '"' || c == '\n') {
                throw new IllegalArgumentException("bare " + (c == '"' ? "quote" : "LF") + " at " + i);
            } else {
                f.append(c);
                fieldStart = false;
                i++;
            }
        }
        if (!fields.isEmpty() || f.length() > 0) {
            throw new IllegalArgumentException("last record does not end with CRLF");
        }
        return records;
    }
}
