package io.storagedrivers.install;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * oned.conf as a list of top-level attributes, each with the character offsets it occupies in the
 * original text, so that edits can be spliced in without touching a byte around them (comments,
 * spacing and order survive; an uninstall can restore the file exactly).
 *
 * @param text       the file's text
 * @param attributes top-level attributes in file order ({@code NAME = value} or {@code NAME = [ ... ]})
 */
public record OnedConf(String text, List<Attribute> attributes) {

    public OnedConf {
        attributes = List.copyOf(attributes);
    }

    /** Parses {@code text}; throws {@link OnedConfParser.ParseException} naming the line on bad syntax. */
    public static OnedConf parse(String text) {
        return new OnedConfParser(text).parse();
    }

    /** All top-level attributes called {@code name} (case-insensitive, as oned reads them). */
    public List<Attribute> all(String name) {
        return attributes.stream().filter(a -> a.name().equalsIgnoreCase(name)).toList();
    }

    /** The single vector attribute {@code name} (e.g. TM_MAD), or empty. */
    public Optional<Attribute> vector(String name) {
        return all(name).stream().filter(Attribute::isVector).findFirst();
    }

    /**
     * One top-level attribute.
     *
     * @param name   attribute name as written
     * @param start  offset of the name's first character
     * @param end    offset just after the value (after {@code ]} for a vector)
     * @param scalar the single value ({@code null} for a vector)
     * @param pairs  the vector's {@code KEY = value} pairs ({@code null} for a single value)
     */
    public record Attribute(String name, int start, int end, Value scalar, List<Pair> pairs) {

        public boolean isVector() {
            return pairs != null;
        }

        /** The vector's value for {@code key} (case-insensitive), or empty. */
        public Optional<Value> get(String key) {
            if (pairs == null) {
                return Optional.empty();
            }
            return pairs.stream().filter(p -> p.key().equalsIgnoreCase(key)).map(Pair::value).findFirst();
        }

        String upperName() {
            return name.toUpperCase(Locale.ROOT);
        }
    }

    /** {@code KEY = value} inside a vector. */
    public record Pair(String key, Value value) {
    }

    /**
     * A value: its text as written, without the surrounding quotes (escapes are kept as they are,
     * so {@code text} always equals {@code file.substring(contentStart, contentEnd)}).
     */
    public record Value(String text, int contentStart, int contentEnd, boolean quoted) {
    }
}
