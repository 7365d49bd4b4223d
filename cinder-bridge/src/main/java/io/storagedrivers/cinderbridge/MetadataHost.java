package io.storagedrivers.cinderbridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.storagedrivers.validate.Printable;

/**
 * One LVM metadata writer per plain (non-lvmlockd) VG. On a SAN VG shared with OpenNebula, only
 * the frontend changes LVM metadata, serialised by a lock file there; a bridge on another machine
 * would be a second writer that lock cannot see, and two writers corrupt the VG's metadata. So an
 * {@code lvm://} backend needs the operator to say which machine writes the VG's metadata
 * ({@code backend.<name>.metadata_host}: the OpenNebula frontend, or the one Cinder node of a VG
 * only Cinder uses), and the bridge serves it only on that machine (a refusal, not a delegation).
 * A shared VG ({@code vgcreate --shared}, lvmlockd + sanlock) needs none of this: every node
 * changes it under LVM's own VG lock, so the bridge writes it itself (docs/lvmlockd.md).
 */
final class MetadataHost {

    /** This machine's names and addresses, for {@link #check}. */
    record Machine(Set<String> names, Set<InetAddress> addresses) {
        static Machine local() {
            Set<String> names = new LinkedHashSet<>();
            try {
                names.add(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
            } catch (IOException e) {
                // not Linux: the resolver's name below
            }
            Set<InetAddress> addresses = new LinkedHashSet<>();
            try {
                InetAddress me = InetAddress.getLocalHost();
                names.add(me.getHostName());
                names.add(me.getCanonicalHostName());
            } catch (UnknownHostException e) {
                // the kernel's name is enough
            }
            try {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    addresses.addAll(Collections.list(nif.getInetAddresses()));
                }
            } catch (SocketException e) {
                // names only
            }
            names.removeIf(n -> n == null || n.isBlank());
            return new Machine(names, addresses);
        }
    }

    private MetadataHost() {
    }

    /**
     * Whether an lvm:// backend's VG is a shared (lvmlockd) VG, as this machine's LVM reports it.
     * A VG LVM cannot report here counts as plain: the stricter rule (one metadata host) applies,
     * and the backend's own requests say what is wrong with the VG.
     */
    static boolean sharedVg(BridgeConfig.BackendEntry e) {
        try {
            return io.storagedrivers.sharedlvm.VgLockProbe.lockType(e.uri().getRawAuthority(), e.settings()).lvmlockd();
        } catch (IllegalStateException notSeen) {
            return false;
        }
    }

    /** Whether {@code uri} names a plain shared-LVM VG (LINSTOR and the simulator need no such check). */
    static boolean needsCheck(String scheme) {
        return "lvm".equalsIgnoreCase(scheme);
    }

    /**
     * Null when {@code metadataHost} is this machine, else the one line saying why the backend must
     * not be served here.
     */
    static String check(String backend, String metadataHost, Machine me) {
        String key = "backend." + backend + ".metadata_host";
        if (metadataHost == null || metadataHost.isBlank()) {
            return "backend " + backend + ": an lvm:// backend needs " + key + " = <the one machine that changes "
                    + "this VG's LVM metadata: the OpenNebula frontend> (a bridge elsewhere would be a second "
                    + "metadata writer its lock cannot see)";
        }
        String want = metadataHost.strip().toLowerCase(Locale.ROOT);
        if (want.equals("localhost") || want.startsWith("127.") || want.equals("::1")) {
            return "backend " + backend + ": " + key + " must name a machine, not " + Printable.value(metadataHost);
        }
        if (isThisMachine(want, me)) {
            return null;
        }
        return "backend " + backend + ": this machine (" + String.join(", ", me.names()) + ") is not "
                + Printable.value(metadataHost) + ", the VG's metadata host (" + key + "): a bridge here would be "
                + "a second LVM metadata writer the frontend's lock cannot see; run the bridge with this backend "
                + "on " + Printable.line(metadataHost);
    }

    private static boolean isThisMachine(String want, Machine me) {
        // a short name matches our short name; a full name ours, or our short one when we know no domain
        boolean knowDomain = me.names().stream().anyMatch(n -> n.contains("."));
        for (String n : me.names()) {
            String name = n.toLowerCase(Locale.ROOT);
            if (name.equals(want) || !want.contains(".") && shortName(name).equals(want)
                    || !knowDomain && shortName(want).equals(name)) {
                return true;
            }
        }
        if (want.matches("[0-9.]+|[0-9a-f:]+")) { // an address: one of ours?
            try {
                return me.addresses().contains(InetAddress.getByName(want));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static String shortName(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
