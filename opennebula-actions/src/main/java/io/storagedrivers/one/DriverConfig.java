package io.storagedrivers.one;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The driver config file in OpenNebula's remotes tree, {@code <remotes>/etc/storage-drivers/<driver>.conf}
 * (installed by install.sh, kept on upgrade, like OpenNebula's {@code etc/tm/fs_lvm/fs_lvm.conf}).
 * Only the frontend's administrator writes it. It is the one place for settings that choose a
 * program that runs as root (LVM tool paths, {@code LVM_COMMAND_PREFIX}, {@code DD}, {@code QEMU_IMG}
 * ...): a datastore template, which any user with {@code onedatastore update} rights may edit,
 * cannot set them.
 *
 * <p>Format: {@code KEY=value} lines (a value may be in single or double quotes, no expansion),
 * {@code #} comments and blank lines; the file is shell-compatible.
 */
public final class DriverConfig {
    /** Where the remotes tree is (set by the shims: remotes/lib/storage-drivers.sh). */
    public static final String REMOTES_ENV = "STORAGE_DRIVERS_REMOTES";
    public static final String DIR = "etc/storage-drivers";

    private static final Pattern LINE = Pattern.compile(
            "\\s*(?:export\\s+)?([A-Z][A-Z0-9_]*)=(?:\"([^\"\\\\$`]*)\"|'([^']*)'|([^\\s\"'\\\\$`;&|<>()]*))\\s*(?:#.*)?");

    private DriverConfig() {
    }

    /** The config file of {@code driver} in the remotes tree named by the environment, or null. */
    public static Path file(Map<String, String> env, String driver) {
        String remotes = env.getOrDefault(REMOTES_ENV, "");
        return remotes.isBlank() ? null : Path.of(remotes, DIR, driver + ".conf");
    }

    /** The settings of {@code file}; an absent file has none. A line it cannot read is an error. */
    public static Map<String, String> read(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (file == null) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new OneException("cannot read driver config " + file + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || l.strip().startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(l);
            if (!m.matches()) {
                throw new OneException(file + ":" + (i + 1) + ": not a KEY=value line: " + OneXml.clip(l));
            }
            String v = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            out.put(m.group(1), v);
        }
        return out;
    }

    /**
     * The settings a backend gets: the environment (oned's tmrc), then the config file, then the
     * datastore template, except that keys in {@code programKeys} come only from the first two:
     * such a key in the template is left out with a {@code WARN:} line on {@code log}.
     */
    public static Map<String, String> settings(Map<String, String> env, String driver, OneDatastore datastore,
                                               Set<String> programKeys, PrintStream log) {
        Path file = file(env, driver);
        Map<String, String> s = new LinkedHashMap<>(env);
        Map<String, String> config = read(file);
        datastore.template().forEach((k, v) -> {
            if (!programKeys.contains(k)) {
                s.put(k, v);
            } else if (!v.isBlank() && !v.strip().equals(config.getOrDefault(k, env.getOrDefault(k, "")).strip())) {
                log.print("WARN: " + driver + ": " + k + " of datastore " + datastore.id()
                        + " is ignored: programs that run as root are chosen in "
                        + (file == null ? "<remotes>/" + DIR + "/" + driver + ".conf" : file) + ", not in a datastore template\n");
                log.flush();
            }
        });
        config.forEach((k, v) -> {
            if (programKeys.contains(k) || !datastore.template().containsKey(k)) {
                s.put(k, v);
            }
        });
        return s;
    }
}
