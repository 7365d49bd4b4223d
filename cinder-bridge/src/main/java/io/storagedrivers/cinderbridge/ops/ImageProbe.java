package io.storagedrivers.cinderbridge.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.storagedrivers.cinderbridge.ops.ApiException.Code;
import io.storagedrivers.cinderbridge.ops.OpRequest.ImageSpec;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.copy.CopyCommands;
import io.storagedrivers.exec.copy.CopyTools;
import io.storagedrivers.spi.ImageSource;

/**
 * Checks an image file named in a request and reads its format and virtual size with
 * {@code qemu-img info}. Only files inside the configured image directory are accepted, so the
 * token does not open every file the bridge can read.
 */
public final class ImageProbe {
    private static final Set<String> FORMATS = Set.of("raw", "qcow2");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path imageDir;
    private final CommandRunner runner;
    private final CopyCommands commands;

    /** {@code imageDir} null disables images; qemu-img from the PATH. */
    public ImageProbe(Path imageDir, CommandRunner runner) {
        this(imageDir, runner, CopyTools.defaults());
    }

    /** {@code tools}: the bridge's program paths (the same {@link CopyCommands} the backends copy with). */
    public ImageProbe(Path imageDir, CommandRunner runner, CopyTools tools) {
        this.imageDir = imageDir;
        this.runner = runner;
        this.commands = new CopyCommands(tools);
    }

    public ImageSource probe(ImageSpec spec) {
        if (imageDir == null) {
            throw new ApiException(Code.UNSUPPORTED, "image import is not enabled (set image_dir in the bridge config)");
        }
        if (spec.path() == null || spec.path().isBlank()) {
            throw ApiException.invalid("missing field: image.path");
        }
        if (spec.format() != null && !FORMATS.contains(spec.format())) {
            throw ApiException.invalid("image format must be raw or qcow2, not " + Names.printable(spec.format()));
        }
        Path file = inside(Path.of(spec.path()));
        Command cmd = commands.info(file.toString(), spec.format(), Duration.ofSeconds(60));
        try {
            JsonNode info = JSON.readTree(runner.run(cmd).stdout());
            String format = info.path("format").asText("");
            long size = info.path("virtual-size").asLong(-1);
            if (!FORMATS.contains(format) || size <= 0) {
                throw ApiException.invalid("image " + file.getFileName() + " is '" + format + "', not raw or qcow2");
            }
            if (info.has("backing-filename")) {
                throw ApiException.invalid("image " + file.getFileName() + " has a backing file");
            }
            return new ImageSource(file, format, size);
        } catch (CommandFailedException e) {
            throw new ApiException(Code.INVALID, "qemu-img cannot read image " + file.getFileName(), e);
        } catch (IOException e) {
            throw new ApiException(Code.INTERNAL, "unreadable qemu-img output for " + file.getFileName(), e);
        }
    }

    private Path inside(Path requested) {
        try {
            Path dir = imageDir.toRealPath();
            Path real = requested.toRealPath();
            if (!real.startsWith(dir) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw ApiException.invalid("image must be a regular file inside " + imageDir);
            }
            return real;
        } catch (IOException e) {
            throw ApiException.invalid("image not found: " + Names.printable(requested.toString()));
        }
    }
}
