package io.storagedrivers.cli.storage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The three ways a {@link Table} is printed: aligned text for people, RFC 4180 CSV, JSON. */
enum OutputFormat {
    TABLE {
        @Override
        void print(Table t, PrintWriter out) {
            List<String[]> lines = new ArrayList<>();
            String[] head = new String[t.columns().size()];
            for (int i = 0; i < head.length; i++) {
                head[i] = t.columns().get(i).name().toUpperCase(Locale.ROOT).replace("_BYTES", "");
            }
            lines.add(head);
            for (List<Object> row : t.rows()) {
                String[] cells = new String[head.length];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = human(t.columns().get(i), row.get(i));
                }
                lines.add(cells);
            }
            int[] width = new int[head.length];
            for (String[] l : lines) {
                for (int i = 0; i < l.length; i++) {
                    width[i] = Math.max(width[i], l[i].length());
                }
            }
            for (String[] l : lines) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < l.length; i++) {
                    sb.append(i == 0 ? "" : "  ");
                    sb.append(i == l.length - 1 ? l[i] : String.format("%-" + width[i] + "s", l[i]));
                }
                out.println(sb.toString().stripTrailing());
            }
        }
    },
    CSV {
        @Override
        void print(Table t, PrintWriter out) {
            List<String> head = new ArrayList<>();
            t.columns().forEach(c -> head.add(c.name()));
            out.print(Csv.line(head));
            for (List<Object> row : t.rows()) {
                List<String> cells = new ArrayList<>();
                for (Object v : row) {
                    cells.add(plain(v));
                }
                out.print(Csv.line(cells));
            }
        }
    },
    JSON {
        @Override
        void print(Table t, PrintWriter out) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (List<Object> row : t.rows()) {
                Map<String, Object> o = new LinkedHashMap<>();
                for (int i = 0; i < row.size(); i++) {
                    o.put(t.columns().get(i).name(), row.get(i));
                }
                objects.add(o);
            }
            try {
                out.println(JsonHolder.MAPPER.writeValueAsString(objects));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
        }
    };

    abstract void print(Table t, PrintWriter out);

    /** Made on first JSON use only: a mapper costs JVM start-up time the other formats do not need. */
    private static final class JsonHolder {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** CSV/table cell text of a value: lists joined with commas, null empty. */
    static String plain(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(String.valueOf(x)));
            return String.join(",", parts);
        }
        return String.valueOf(v);
    }

    private static String human(Table.Column c, Object v) {
        if (c.size() && v instanceof Long bytes) {
            return humanSize(bytes);
        }
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        String s = plain(v);
        return s.isEmpty() ? "-" : s;
    }

    /** 1073741824 → "1 GiB", 1610612736 → "1.5 GiB": binary units, at most one decimal. */
    static String humanSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String num = v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
        return num + " " + units[u];
    }
}
