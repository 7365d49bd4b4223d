package io.storagedrivers.one.tm;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.storagedrivers.exec.Command;
import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneException;

/**
 * {@code context file[:name]... host:sysdir/disk.N vmid sys_ds_id}: builds the context ISO on the
 * frontend from the files oned lists (context.sh first; {@code :name} renames a file inside the ISO)
 * and writes it as a plain file {@code disk.N} in the VM directory on the host.
 */
public final class TmContext extends TmAction {
    private static final Pattern ISO_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}");
    private static final List<String> ISO_TOOLS = List.of("genisoimage", "mkisofs", "xorrisofs");

    public TmContext() {
        super(3, 1000, "file[:name]... host:sysdir/disk.N vmid sys_ds_id");
    }

    @Override
    public String name() {
        return "context";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        int n = args.size();
        VmDir dst = VmDir.of(HostPath.parse(args.get(n - 3)), vmId(args.get(n - 2)));
        dst.requireDiskId();
        if (dst.systemDsId() != dsId(args.get(n - 1))) {
            throw new OneException("path " + dst.location().path() + " is not in system datastore " + args.get(n - 1));
        }
        List<String[]> files = new ArrayList<>();
        for (String f : args.subList(0, n - 3)) {
            files.add(sourceAndName(f));
        }
        byte[] iso = buildIso(ctx, files);
        var hostFiles = ctx.files(dst.host());
        hostFiles.mkdirs(dst.dir());
        hostFiles.write(dst.location().path(), iso);
        ctx.reply().info("wrote the context ISO (" + iso.length + " bytes) to " + dst.location());
    }

    /** {@code path} or {@code path:name}; the name is what the file is called inside the ISO. */
    private static String[] sourceAndName(String arg) {
        int colon = arg.indexOf(':');
        String path = HostPath.path(colon < 0 ? arg : arg.substring(0, colon));
        String name = colon < 0 ? Path.of(path).getFileName().toString() : arg.substring(colon + 1);
        if (!ISO_NAME.matcher(name).matches()) {
            throw new OneException("invalid context file name '" + name + "'");
        }
        return new String[] {path, name};
    }

    private static byte[] buildIso(ActionContext ctx, List<String[]> files) {
        Path work = null;
        try {
            work = Files.createTempDirectory("storage-drivers-context-");
            Path content = Files.createDirectory(work.resolve("iso"));
            for (String[] f : files) {
                Path src = Path.of(f[0]);
                if (!Files.isRegularFile(src)) {
                    throw new OneException("context file " + f[0] + " does not exist");
                }
                Files.copy(src, content.resolve(f[1]), StandardCopyOption.REPLACE_EXISTING);
            }
            Path iso = work.resolve("context.iso");
            ctx.runners().local().run(Command.of(isoTool(), "-o", iso.toString(), "-V", "CONTEXT", "-J", "-R",
                    "-quiet", content.toString()));
            return Files.readAllBytes(iso);
        } catch (IOException e) {
            throw new OneException("cannot build the context ISO: " + e.getMessage());
        } finally {
            deleteTree(work);
        }
    }

    private static String isoTool() {
        String path = System.getenv("PATH") == null ? "/usr/bin:/bin" : System.getenv("PATH");
        for (String tool : ISO_TOOLS) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                    return tool;
                }
            }
        }
        throw new OneException("no ISO tool found on the frontend (install genisoimage)");
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir; nothing else depends on it
        }
    }
}
