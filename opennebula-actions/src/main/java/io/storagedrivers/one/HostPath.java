package io.storagedrivers.one;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code host:path} argument of a TM action, normalised: {@code //} collapsed, trailing slashes
 * and {@code .} segments dropped. Host names and paths are checked so they can go into an argv on
 * a remote host: no {@code ..} segment, only characters OpenNebula paths use.
 */
public record HostPath(String host, String path) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?");
    private static final Pattern PATH_CHARS = Pattern.compile("[A-Za-z0-9_.+/-]+");
    private static final int MAX_PATH = 4096;

    /** Parses {@code host:path}; the first ':' separates them. */
    public static HostPath parse(String arg) {
        if (arg == null || arg.isEmpty()) {
            throw new OneException("empty host:path argument");
        }
        int colon = arg.indexOf(':');
        if (colon <= 0) {
            throw new OneException("expected host:path, got '" + OneXml.clip(arg) + "'");
        }
        return new HostPath(host(arg.substring(0, colon)), path(arg.substring(colon + 1)));
    }

    /** A host name as OpenNebula knows hosts: DNS-like characters only. */
    public static String host(String host) {
        if (host == null || !HOST.matcher(host).matches() || host.contains("..")) {
            throw new OneException("invalid host name '" + OneXml.clip(String.valueOf(host)) + "'");
        }
        return host;
    }

    /** An absolute path, normalised; refuses {@code ..}, control characters and shell metacharacters. */
    public static String path(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/' || raw.length() > MAX_PATH
                || !PATH_CHARS.matcher(raw).matches()) {
            throw new OneException("invalid path '" + OneXml.clip(String.valueOf(raw)) + "'");
        }
        List<String> parts = new ArrayList<>();
        for (String seg : raw.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                throw new OneException("invalid path '" + OneXml.clip(raw) + "': '..' is not allowed");
            }
            parts.add(seg);
        }
        return "/" + String.join("/", parts);
    }

    /** The last path segment ({@code disk.0}, the VM id). */
    public String name() {
        int slash = path.lastIndexOf('/');
        return path.substring(slash + 1);
    }

    /** The parent directory (the VM dir of a {@code disk.N}). */
    public String parent() {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** {@code name} inside this path, on the same host. */
    public HostPath child(String name) {
        return new HostPath(host, path(path + "/" + name));
    }

    /** The disk id of a {@code .../disk.N} path, or -1 when the path is not a disk. */
    public int diskId() {
        String n = name();
        if (!n.matches("disk\\.(0|[1-9][0-9]{0,8})")) {
            return -1;
        }
        return Integer.parseInt(n.substring(5));
    }

    /** The disk id, or an error saying a {@code disk.N} path was expected. */
    public int requireDiskId() {
        int id = diskId();
        if (id < 0) {
            throw new OneException("expected a .../disk.N path, got '" + path + "'");
        }
        return id;
    }

    @Override
    public String toString() {
        return host + ":" + path;
    }
}
