package io.storagedrivers.install;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registers our drivers in oned.conf and removes them again, as a handful of splices into the
 * original text: names appended to the {@code -d}/{@code -s} lists of TM_MAD and DATASTORE_MAD,
 * and marked TM_MAD_CONF / DS_MAD_CONF stanzas after the last existing ones. Registering twice
 * changes nothing; unregistering after registering gives back the original bytes.
 */
public final class OnedConfEditor {

    /** The new text and one line per change made (empty when nothing changed). */
    public record Result(String text, List<String> changes) {
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    private record Edit(int offset, int length, String insert) {
    }

    private OnedConfEditor() {
    }

    /** Adds {@code drivers}; refuses a driver name that oned.conf already configures without our markers. */
    public static Result register(String text, List<DriverRegistration> drivers) {
        OnedConf conf = OnedConf.parse(text);
        List<MarkerBlock> blocks = MarkerBlock.find(text);
        List<Edit> edits = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        StringBuilder tmInsert = new StringBuilder();
        StringBuilder dsInsert = new StringBuilder();
        int tmAt = insertionPoint(conf, blocks, "TM_MAD_CONF");
        int dsAt = insertionPoint(conf, blocks, "DS_MAD_CONF");
        // a file without a final newline gets one before the first block appended at its end
        boolean needEofNewline = !text.isEmpty() && !text.endsWith("\n");

        for (DriverRegistration d : drivers) {
            Optional<MarkerBlock> ownTm = own(blocks, "TM_MAD_CONF", d.name());
            Set<String> lists = new LinkedHashSet<>(ownTm.map(MarkerBlock::lists).orElse(List.of()));
            for (String list : d.lists()) {
                if (appendToList(conf, list, d.name(), edits)) {
                    lists.add(list);
                    changes.add("add " + d.name() + " to " + list.replace(':', ' '));
                }
            }
            for (String attribute : List.of("TM_MAD_CONF", "DS_MAD_CONF")) {
                if (own(blocks, attribute, d.name()).isPresent()) {
                    continue;
                }
                requireUnconfigured(conf, attribute, d.name());
                int at = attribute.equals("TM_MAD_CONF") ? tmAt : dsAt;
                StringBuilder into = attribute.equals("TM_MAD_CONF") ? tmInsert : dsInsert;
                boolean addNl = needEofNewline && at == text.length();
                needEofNewline &= !addNl;
                into.append(MarkerBlock.insertion(attribute, d, List.copyOf(lists), addNl));
                changes.add("add " + attribute + " for " + d.name());
            }
            if (ownTm.isPresent() && !lists.equals(new LinkedHashSet<>(ownTm.get().lists()))) {
                MarkerBlock b = ownTm.get();
                edits.add(new Edit(b.beginStart(), b.beginEnd() - b.beginStart(),
                        MarkerBlock.beginLine("TM_MAD_CONF", d.name(), List.copyOf(lists), b.eofNewline())));
            }
        }
        if (tmInsert.length() > 0) {
            edits.add(new Edit(tmAt, 0, tmInsert.toString()));
        }
        if (dsInsert.length() > 0) {
            edits.add(new Edit(dsAt, 0, dsInsert.toString()));
        }
        return new Result(apply(text, edits), changes);
    }

    /** Removes every marked stanza and the list entries its marker records. */
    public static Result unregister(String text) {
        OnedConf conf = OnedConf.parse(text);
        List<Edit> edits = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (MarkerBlock b : MarkerBlock.find(text)) {
            edits.add(new Edit(b.removeStart(), b.end() - b.removeStart(), ""));
            changes.add("remove " + b.attribute() + " for " + b.driver());
            for (String list : b.lists()) {
                if (removeFromList(conf, list, b.driver(), edits)) {
                    changes.add("remove " + b.driver() + " from " + list.replace(':', ' '));
                }
            }
        }
        return new Result(apply(text, edits), changes);
    }

    /** After the line holding the last existing stanza (or our block around it), else at the end. */
    private static int insertionPoint(OnedConf conf, List<MarkerBlock> blocks, String attribute) {
        List<OnedConf.Attribute> all = conf.all(attribute);
        String text = conf.text();
        if (all.isEmpty()) {
            return text.length();
        }
        int end = all.get(all.size() - 1).end();
        int nl = text.indexOf('\n', end);
        int at = nl < 0 ? text.length() : nl + 1;
        for (MarkerBlock b : blocks) {
            if (b.contains(end)) {
                at = b.end();
            }
        }
        return at;
    }

    private static Optional<MarkerBlock> own(List<MarkerBlock> blocks, String attribute, String driver) {
        return blocks.stream().filter(b -> b.attribute().equals(attribute) && b.driver().equals(driver)).findFirst();
    }

    private static void requireUnconfigured(OnedConf conf, String attribute, String driver) {
        for (OnedConf.Attribute a : conf.all(attribute)) {
            if (a.get("NAME").map(v -> v.text().equals(driver)).orElse(false)) {
                throw new IllegalArgumentException("oned.conf already has a " + attribute + " for '" + driver
                        + "' that install.sh did not add (another package, e.g. addon-linstor?);"
                        + " remove it or leave this driver out");
            }
        }
    }

    /** The comma list after {@code option} in the MAD's ARGUMENTS: absolute start and end offsets. */
    private static int[] findList(OnedConf conf, String list, boolean required) {
        String mad = list.substring(0, list.indexOf(':'));
        String option = list.substring(list.indexOf(':') + 1);
        Optional<OnedConf.Value> args = conf.vector(mad).flatMap(a -> a.get("ARGUMENTS"));
        if (args.isEmpty()) {
            if (!required) {
                return null;
            }
            throw new IllegalArgumentException("oned.conf has no " + mad + " = [ ..., ARGUMENTS = \"...\" ]");
        }
        Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(option) + "\\s+(\\S+)").matcher(args.get().text());
        if (!m.find()) {
            if (!required) {
                return null;
            }
            throw new IllegalArgumentException("oned.conf: " + mad + " ARGUMENTS has no " + option + " list");
        }
        int base = args.get().contentStart();
        return new int[] {base + m.start(1), base + m.end(1)};
    }

    private static boolean appendToList(OnedConf conf, String list, String name, List<Edit> edits) {
        int[] at = findList(conf, list, true);
        List<String> items = List.of(conf.text().substring(at[0], at[1]).split(","));
        if (items.contains(name)) {
            return false;
        }
        edits.add(new Edit(at[1], 0, "," + name));
        return true;
    }

    private static boolean removeFromList(OnedConf conf, String list, String name, List<Edit> edits) {
        int[] at = findList(conf, list, false);
        if (at == null) {
            return false;
        }
        String items = conf.text().substring(at[0], at[1]);
        int pos = 0;
        for (String item : items.split(",", -1)) {
            if (item.equals(name)) {
                int start = at[0] + pos;
                int end = start + name.length();
                if (pos > 0) {
                    start--;                        // ",name"
                } else if (end < at[1]) {
                    end++;                          // "name," at the front
                }
                edits.add(new Edit(start, end - start, ""));
                return true;
            }
            pos += item.length() + 1;
        }
        return false;
    }

    private static String apply(String text, List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::offset));
        StringBuilder sb = new StringBuilder(text.length() + 1024);
        int pos = 0;
        for (Edit e : sorted) {
            if (e.offset() < pos) {
                throw new IllegalStateException("overlapping oned.conf edits at offset " + e.offset());
            }
            sb.append(text, pos, e.offset()).append(e.insert());
            pos = e.offset() + e.length();
        }
        return sb.append(text, pos, text.length()).toString();
    }
}
