package io.storagedrivers.one.datastore;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.copy.CopyCommands;
import io.storagedrivers.exec.copy.CopyEngine;
import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code export <app_id>} (called by the marketplace driver): prints the {@code IMPORT_INFO} the
 * marketplace reads the image from.
 *
 * <p>OpenNebula's marketplace reads {@code IMPORT_SOURCE} with its downloader <em>after</em> this
 * action returned ({@code ssh://host:path} becomes {@code ssh host cat path}) and never tells the
 * datastore when it is done; its only release is {@code DISPOSE=YES}, which makes a marketplace
 * without BRIDGE_LIST {@code rm} a frontend-local source after the download. So a volume cannot
 * stay attached for the download without staying attached for good (and a device-mapper table
 * left on a host maps extents the next volume gets). Instead the image is copied into a sparse
 * file {@link #stagedFile} in a directory of the datastore's STAGING_DIR that only oneadmin reads, on the host that serves it (a BRIDGE_LIST
 * host, else the frontend) and detached again before the action returns: on the frontend the
 * file is the source with DISPOSE=YES (the marketplace removes it); on a bridge host it is
 * {@code ssh://host:file} with DISPOSE=NO (OpenNebula cannot remove a remote source) and
 * {@link DsRm} removes it with the image; a later export of the same image replaces it.
 */
public final class DsExport extends DsAction {

    @Override
    public String name() {
        return "export";
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        OneArgs.id("marketplace app id", request.id());
        OneImage image = request.data().requireImage();
        OneDatastore ds = request.data().datastore();
        VolumeRef ref = ctx.profile().volumeOfSource(image.source(), () -> ds);
        VolumeBackend backend = ctx.backend(ds);
        VolumeInfo info = backend.find(ref).orElseThrow(
                () -> new OneException("image " + image.id() + " volume " + ref + " does not exist"));
        String host = BridgeHosts.pick(ds);
        CommandRunner at = ctx.runners().host(host);
        String file = stagedFile(ds, image.id());
        String md5;
        // a directory only this user reads (the image's bytes): chmod fails if someone else made it
        String dir = file.substring(0, file.lastIndexOf('/'));
        at.runAll(java.util.List.of(Command.of("mkdir", "-p", "-m", "0700", dir), Command.of("chmod", "0700", dir)));
        String device = backend.attach(ref, host);
        try {
            // a sparse copy: the file takes the space of the image's data, not of the volume
            at.run(new CopyCommands(ctx.copyTools()).ddToNewFile(device, file, CopyEngine.timeoutFor(info.sizeBytes())));
            md5 = at.run(Command.of("md5sum", file).withTimeout(CopyEngine.timeoutFor(info.sizeBytes())))
                    .stdout().split("\\s+")[0];
        } catch (RuntimeException e) {
            at.execute(Command.of("rm", "-f", file));
            throw e;
        } finally {
            backend.detach(ref, host);
        }
        boolean local = BridgeHosts.FRONTEND.equals(host);
        String source = local ? file : "ssh://" + host + ":" + file;
        ctx.reply().result("<IMPORT_INFO><IMPORT_SOURCE><![CDATA[" + source + "]]></IMPORT_SOURCE>"
                + "<MD5><![CDATA[" + md5 + "]]></MD5><SIZE><![CDATA[" + info.sizeMiB() + "]]></SIZE>"
                + "<FORMAT><![CDATA[raw]]></FORMAT><DISPOSE>" + (local ? "YES" : "NO") + "</DISPOSE></IMPORT_INFO>");
    }

    /** Where export stages image {@code imageId} of {@code ds} (the same path on every host). */
    static String stagedFile(OneDatastore ds, int imageId) {
        String dir = ds.attr("STAGING_DIR").isBlank() ? "/var/tmp" : HostPath.path(ds.attr("STAGING_DIR").strip());
        return dir.replaceAll("/+$", "") + "/storage-drivers-export/ds" + ds.id() + "-image" + imageId + ".raw";
    }
}
