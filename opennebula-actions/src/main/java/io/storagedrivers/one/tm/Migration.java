package io.storagedrivers.one.tm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.storagedrivers.exec.Command;
import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneDisk;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneVm;

/**
 * The arguments and common steps of premigrate / postmigrate / failmigrate:
 * {@code src_host dst_host sysdir vmid sys_ds_id [calling_tm]}, the base64 VM XML on stdin. Called
 * as the system datastore's TM (5 arguments) this driver handles its image disks and the volatile
 * disks, moves the VM directory's files, and calls the other TMs of the VM's disks with its own
 * name as 6th argument; called that way itself (6 arguments) it handles only its own image disks
 * and chains no further.
 */
final class Migration {
    final String src;
    final String dst;
    final VmDir dir;
    final boolean chained;
    final OneVm vm;
    final String base64Vm;
    private OneDatastore systemDs;

    private Migration(String src, String dst, VmDir dir, boolean chained, OneVm vm, String base64Vm) {
        this.src = src;
        this.dst = dst;
        this.dir = dir;
        this.chained = chained;
        this.vm = vm;
        this.base64Vm = base64Vm;
    }

    /**
     * The migration the arguments name, or empty when source and destination are one host (said in
     * the log): then there is nothing to do, and touching either side would hit the running VM.
     */
    static java.util.Optional<Migration> betweenHosts(List<String> args, ActionContext ctx) {
        Migration m = parse(args, ctx);
        if (m.src.equals(m.dst)) {
            ctx.reply().info("source and destination are both " + m.src + "; nothing to do");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(m);
    }

    private static Migration parse(List<String> args, ActionContext ctx) {
        String src = HostPath.host(args.get(0));
        String dst = HostPath.host(args.get(1));
        VmDir dir = VmDir.of(new HostPath(dst, HostPath.path(args.get(2))), TmAction.vmId(args.get(3)));
        if (dir.diskId() >= 0 || dir.systemDsId() != TmAction.dsId(args.get(4))) {
            throw new OneException("path " + args.get(2) + " is not the VM directory in system datastore " + args.get(4));
        }
        boolean chained = args.size() == 6;
        if (chained) {
            OneArgs.driver(args.get(5));
        }
        String stdin = readStdin(ctx);
        OneVm vm = stdin.isBlank() ? ctx.one().vm(dir.vmId()) : DsActionData.decodeVm(stdin);
        if (vm.id() != dir.vmId()) {
            throw new OneException("the VM XML on stdin is VM " + vm.id() + ", not " + dir.vmId());
        }
        return new Migration(src, dst, dir, chained, vm, stdin.strip());
    }

    private static String readStdin(ActionContext ctx) {
        try {
            return new String(ctx.stdin().readNBytes(16 * 1024 * 1024), StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new OneException("cannot read the VM XML on stdin: " + e.getMessage());
        }
    }


    /** The system datastore (asked from oned once). */
    OneDatastore systemDs(ActionContext ctx) {
        if (systemDs == null) {
            systemDs = ctx.one().datastore(dir.systemDsId());
        }
        return systemDs;
    }

    /** Whether source and destination see the same VM directory (see {@link VmDirSync#shared}). */
    boolean sharedDir(ActionContext ctx) {
        return VmDirSync.shared(ctx, systemDs(ctx), src, dst, dir.dir());
    }

    /** The disks this driver handles in this call. */
    List<VmDisk> disks(ActionContext ctx) {
        String me = ctx.profile().driverName();
        OneDatastore systemDs = systemDs(ctx);
        List<VmDisk> out = new ArrayList<>();
        for (OneDisk d : vm.disks()) {
            if (me.equals(d.tmMad()) || (!chained && d.isVolatile())) {
                out.add(VmDisk.of(ctx, vm, d, systemDs));
            }
        }
        return out;
    }

    /** Runs {@code action} of every other TM of the VM's disks, once each, unless this call is chained. */
    void chainOthers(ActionContext ctx, String action, List<String> args) {
        if (chained) {
            return;
        }
        Set<String> others = new LinkedHashSet<>();
        for (OneDisk d : vm.disks()) {
            if (!d.tmMad().isEmpty() && !d.tmMad().equals(ctx.profile().driverName())) {
                others.add(OneArgs.driver(d.tmMad()));
            }
        }
        for (String tm : others) {
            Path script = remotesDir(ctx).resolve("tm").resolve(tm).resolve(action);
            if (!Files.isExecutable(script)) {
                ctx.reply().info("no " + tm + "/" + action + "; skipped");
                continue;
            }
            List<String> argv = new ArrayList<>();
            argv.add(script.toString());
            argv.addAll(args.subList(0, 5));
            argv.add(ctx.profile().driverName());
            ctx.reply().info("calling " + tm + "/" + action);
            ctx.runners().local().run(Command.of(argv).withStdin(base64Vm.getBytes(StandardCharsets.US_ASCII))
                    .withTimeout(java.time.Duration.ofMinutes(10)));
        }
    }

    /** The remotes tree the shims run from (set by the shim helper), else OpenNebula's default. */
    private static Path remotesDir(ActionContext ctx) {
        if (!ctx.env("STORAGE_DRIVERS_REMOTES").isEmpty()) {
            return Path.of(ctx.env("STORAGE_DRIVERS_REMOTES"));
        }
        if (!ctx.env("ONE_LOCATION").isEmpty()) {
            return Path.of(ctx.env("ONE_LOCATION"), "var", "remotes");
        }
        return Path.of("/var/lib/one/remotes");
    }
}
