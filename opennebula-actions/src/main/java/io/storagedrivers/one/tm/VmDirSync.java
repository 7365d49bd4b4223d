package io.storagedrivers.one.tm;

import java.util.UUID;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostFiles;
import io.storagedrivers.one.OneDatastore;

/**
 * Moves a VM directory's files (links, context ISO, deployment file) between hosts through the
 * frontend as a tar stream, unless both hosts see the same directory (a shared system datastore
 * file system): then copying or removing on one side would destroy the other, so nothing is done.
 */
final class VmDirSync {
    private VmDirSync() {
    }

    /**
     * Whether {@code dir} on {@code a} and {@code dir} on {@code b} are the same directory. The
     * system datastore's template says so when it has {@code SHARED} (oned copies it from
     * TM_MAD_CONF): then no host is asked. Without it, a probe file written on {@code a} is looked
     * for on {@code b}.
     */
    static boolean shared(ActionContext ctx, OneDatastore systemDs, String a, String b, String dir) {
        if (a.equals(b)) {
            return true;
        }
        String said = systemDs.attr("SHARED").strip().toUpperCase(java.util.Locale.ROOT);
        if (said.equals("YES") || said.equals("NO")) {
            return said.equals("YES");
        }
        HostFiles fa = ctx.files(a);
        if (!fa.exists(dir)) {
            return false;
        }
        String probe = dir + "/.storage-drivers-probe-" + UUID.randomUUID();
        fa.write(probe, new byte[0]);
        try {
            return ctx.files(b).exists(probe);
        } finally {
            fa.remove(probe);
        }
    }

    /** Copies {@code srcDir} on {@code src} to {@code dstDir} on {@code dst} (existing files are replaced). */
    static void copy(ActionContext ctx, String src, String srcDir, String dst, String dstDir) {
        byte[] tar = ctx.files(src).tar(srcDir);
        ctx.files(dst).untar(dstDir, tar);
        ctx.reply().info("copied " + src + ":" + srcDir + " to " + dst + ":" + dstDir + " (" + tar.length + " bytes)");
    }
}
