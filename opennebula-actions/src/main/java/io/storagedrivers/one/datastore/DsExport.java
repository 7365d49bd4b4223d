package io.storagedrivers.one.datastore;

import io.storagedrivers.exec.Command;
import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code export <app_id>} (called by the marketplace driver): makes the image readable on a bridge
 * host or the frontend and prints the {@code IMPORT_INFO} the marketplace needs. The volume stays
 * attached there for the download; DISPOSE is NO.
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
                () -> new io.storagedrivers.one.OneException("image " + image.id() + " volume " + ref + " does not exist"));
        String host = BridgeHosts.pick(ds);
        String device = backend.attach(ref, host);
        String md5 = ctx.runners().host(host).run(Command.of("md5sum", device)
                .withTimeout(java.time.Duration.ofHours(2))).stdout().split("\\s+")[0];
        String source = BridgeHosts.FRONTEND.equals(host) ? device : "ssh://" + host + ":" + device;
        ctx.reply().result("<IMPORT_INFO><IMPORT_SOURCE><![CDATA[" + source + "]]></IMPORT_SOURCE>"
                + "<MD5><![CDATA[" + md5 + "]]></MD5><SIZE><![CDATA[" + info.sizeMiB() + "]]></SIZE>"
                + "<FORMAT><![CDATA[raw]]></FORMAT><DISPOSE>NO</DISPOSE></IMPORT_INFO>");
    }
}
