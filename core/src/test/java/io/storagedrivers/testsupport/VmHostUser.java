package io.storagedrivers.testsupport;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.storagedrivers.exec.ShellQuote;

/**
 * The OpenNebula user on the device-mapper VM host, set up as an operator sets up a real host:
 * the account with the frontend's uid and gid (OpenNebula's packages create oneadmin with the same
 * ids everywhere), its {@code ~/.ssh/authorized_keys} (OpenNebula's docs copy oneadmin's ~/.ssh to
 * every host) and its own datastores directory, then {@code install.sh --host --user U --vg VG}
 * run there as root from a copy of the checkout (read-only lvm.conf, the sudoers file, the user in
 * group disk). {@link #undo}: {@code --uninstall}, a check that it left nothing (sudoers.d empty,
 * the user out of group disk again), the account removed. The VM's root login with the test
 * bed's key stands in for the operator's console; the drivers reach the VM as the user.
 */
final class VmHostUser {
    /** Where install.sh and its parts are unpacked on the VM (a tmpfs: gone at the next boot). */
    private static final String CHECKOUT = "/run/storage-drivers-checkout";

    private final OneFrontend fe;
    private final String vm;
    private boolean created;
    private boolean installed;

    VmHostUser(OneFrontend fe, String vm) {
        this.fe = fe;
        this.vm = vm;
    }

    void install() throws Exception {
        String uid = fe.exec(List.of("id", "-u", fe.user), Map.of()).strip();
        String gid = fe.exec(List.of("id", "-g", fe.user), Map.of()).strip();
        String u = fe.user;
        String home = q(fe.home.toString());
        String ds = q(fe.one.resolve("var/datastores").toString());
        created = true;
        rootWithStdin(fe.home.resolve(".ssh/id_ed25519.pub").toString(), "set -e; "
                + "grep -q '^" + u + ":' /etc/passwd || echo '" + u + ":*:" + uid + ":" + gid + "::" + fe.home
                + ":/bin/sh' >> /etc/passwd; "
                + "grep -q '^" + u + ":' /etc/group || echo '" + u + ":x:" + gid + ":' >> /etc/group; "
                + "mkdir -p " + home + "/.ssh " + ds + "; cat > " + home + "/.ssh/authorized_keys; "
                + "chown -R " + uid + ":" + gid + " " + home + " " + ds + "; chmod 700 " + home + " " + home + "/.ssh");
        fe.exec(List.of("sh", "-c", "tar -C \"$1\" -cf - install.sh scripts/install | ssh -F \"$2\" \"$3\" \"$4\"",
                "sh", fe.repo.toString(), fe.tb.sshConfig().toString(), vm,
                "rm -rf " + CHECKOUT + " && mkdir -p " + CHECKOUT + " && tar -C " + CHECKOUT + " -xf -"), Map.of());
        installed = true;
        String out = root(install("--vg", fe.tb.vg()));
        if (!out.contains("added " + u + " to group disk")) {
            throw new IOException("install.sh --host on " + vm + " did not put " + u + " into group disk:\n" + out);
        }
    }

    /** {@code install.sh --host --uninstall} there; nothing left; the account removed. */
    void undo() throws Exception {
        try {
            if (installed) {
                root(install("--uninstall"));
                String left = root("ls -A /etc/sudoers.d; id -nG " + fe.user);
                if (!left.strip().equals(fe.user)) {
                    throw new IOException("install.sh --host --uninstall left on " + vm + " (sudoers.d, groups): " + left);
                }
            }
        } finally {
            if (created) {
                root("sed -i '/^" + fe.user + ":/d' /etc/passwd /etc/group; rm -rf " + CHECKOUT + " "
                        + q(fe.work.toString()));
            }
        }
    }

    private String install(String... args) {
        return "sh " + CHECKOUT + "/install.sh --host --user " + fe.user + " " + String.join(" ",
                Arrays.stream(args).map(VmHostUser::q).toList());
    }

    private String root(String script) throws Exception {
        return fe.exec(List.of("ssh", "-F", fe.tb.sshConfig().toString(), vm, script), Map.of());
    }

    private void rootWithStdin(String file, String script) throws Exception {
        fe.exec(List.of("sh", "-c", "ssh -F \"$1\" \"$2\" \"$3\" < \"$4\"", "sh", fe.tb.sshConfig().toString(), vm,
                script, file), Map.of());
    }

    private static String q(String s) {
        return ShellQuote.quote(s);
    }
}
