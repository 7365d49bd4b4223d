package io.storagedrivers.install;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code oned-conf register|unregister FILE}: computes the edited oned.conf and writes it to
 * stdout (or {@code --output}); one line per change goes to stderr. It never writes FILE itself:
 * install.sh shows the diff, keeps the backup and replaces the file. Bytes are read and written
 * as ISO-8859-1 so that every byte we do not edit comes back unchanged, whatever the encoding.
 * The drivers' stanzas come from the driver jars on the class path ({@link RegistrationProvider}):
 * install.sh runs {@link OnedConfMain} with every driver jar it registers on it.
 */
@Command(name = "oned-conf", mixinStandardHelpOptions = true,
        description = "Print oned.conf with the drivers registered (register) or removed (unregister).")
public final class OnedConfCommand implements Callable<Integer> {

    enum Action { register, unregister }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "register or unregister")
    Action action;

    @Parameters(index = "1", paramLabel = "FILE", description = "the current oned.conf")
    Path file;

    @Option(names = "--drivers", split = ",",
            description = "drivers to register (default: every driver whose jar is on the class path)")
    List<String> drivers;

    @Option(names = "--output", paramLabel = "FILE", description = "write the result here instead of stdout")
    Path output;

    @Override
    public Integer call() throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        OnedConfEditor.Result r = action == Action.register
                ? OnedConfEditor.register(text, registrations())
                : OnedConfEditor.unregister(text);
        byte[] bytes = r.text().getBytes(StandardCharsets.ISO_8859_1);
        if (output != null) {
            Files.write(output, bytes);
        } else {
            System.out.write(bytes);
            System.out.flush();
        }
        PrintWriter err = spec.commandLine().getErr();
        r.changes().forEach(c -> err.println("oned.conf: " + c));
        err.flush();
        return 0;
    }

    /** The named drivers' registrations, from the driver jars on the class path ({@link RegistrationProvider}). */
    private List<DriverRegistration> registrations() {
        List<DriverRegistration> installed = DriverRegistration.installed();
        if (drivers == null || drivers.isEmpty()) {
            return installed;
        }
        List<DriverRegistration> out = new ArrayList<>();
        for (String name : drivers) {
            out.add(installed.stream().filter(d -> d.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown driver '" + name + "' (known here: "
                            + String.join(", ", installed.stream().map(DriverRegistration::name).toList())
                            + "; its jar must be on the class path)")));
        }
        return out;
    }
}
