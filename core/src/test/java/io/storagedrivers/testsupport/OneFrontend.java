package io.storagedrivers.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenNebula frontend as an operator sets it up, on the test bed: OpenNebula laid out by
 * {@code ../shared/opennebula/layout.sh} into a {@code ONE_LOCATION} directory, a non-root
 * OpenNebula user with its own home and {@code ~/.ssh} (key, known_hosts, config for the test-bed
 * hosts), the storage drivers installed into it by an {@link Installer} ({@code install.sh
 * --frontend} from the build output by default; the Debian packages can take its place), and
 * OpenNebula's own runners started as that user with exactly the arguments the installed
 * {@code oned.conf} registers, in the environment oned gives them ({@code ONE_LOCATION},
 * {@code RUBYLIB}, {@code etc/tmrc} through the runner's own wrapper script).
 *
 * <p>Runs as root (it creates the user and installs a sudoers file); one frontend at a time on a
 * machine (the sudoers file has one fixed name): a lock file serialises them. {@link #close}
 * stops the runners and the warm services, uninstalls, and removes the user.
 */
public final class OneFrontend implements AutoCloseable {
    /** Installs the drivers into a laid-out OpenNebula (and removes them again). */
    public interface Installer {
        void install(OneFrontend fe) throws Exception;

        void uninstall(OneFrontend fe) throws Exception;
    }

    private static final Path LOCK = Path.of("/run/lock/storage-drivers-one-frontend.lock");

    public final TestBed tb;
    public final Path repo;
    /** The test's directory (0755): ONE_LOCATION, the user's home and the stand-ins' state live here. */
    public final Path work;
    /** ONE_LOCATION. */
    public final Path one;
    /** The OpenNebula user and its home. */
    public final String user;
    public final Path home;
    /** Where the onevm/onedatastore stand-ins read their XML (see {@link ShimHarness}). */
    public final Path stubDir;
    /** The drivers installed, e.g. {@code shared_lvm}. */
    public final List<String> drivers;
    /** The hosts the user reaches over SSH (the test bed's, plus its VM host when it runs). */
    public final List<String> hosts;
    private final Installer installer;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<OneRunner> runners = new ArrayList<>();
    private final List<String> mountedOn = new ArrayList<>();
    /** The namespace hosts {@code install.sh --host} ran on (undone by {@link #close}). */
    private final List<String> hostsInstalled = new ArrayList<>();
    /** The device-mapper VM host's user and install.sh --host there, when the VM runs. */
    private VmHostUser vmHost;
    private boolean userCreated;
    private boolean installed;

    private OneFrontend(TestBed tb, List<String> drivers, Installer installer) throws Exception {
        this.tb = tb;
        this.drivers = List.copyOf(drivers);
        this.installer = installer;
        this.repo = findRepo();
        Files.createDirectories(LOCK.getParent());
        this.lockChannel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.lock = lockChannel.lock();
        this.work = Files.createTempDirectory(Path.of("/tmp"), "sd-one-frontend-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.one = work.resolve("one");
        this.home = work.resolve("home");
        this.stubDir = work.resolve("one-stubs");
        // a name of this run's own: never an existing account of the machine
        this.user = "sdone" + ProcessHandle.current().pid() % 100000;
        List<String> h = new ArrayList<>(tb.hosts());
        String vmhost = tb.get("TB_VMHOST");
        if (vmhost != null && !vmhost.isBlank()) {
            h.add(vmhost);
        }
        this.hosts = List.copyOf(h);
    }

    /** Lays out OpenNebula, creates the user, installs the drivers with {@code installer}. */
    public static OneFrontend create(TestBed tb, List<String> drivers, Installer installer) throws Exception {
        OneFrontend fe = new OneFrontend(tb, drivers, installer);
        try {
            fe.layOut();
            fe.hostLocalDatastores();
            fe.createUser();
            fe.installHosts();
            installer.install(fe);
            fe.installed = true;
            fe.chown(fe.one);
        } catch (Exception | Error e) {
            fe.close();
            throw e;
        }
        return fe;
    }

    /** {@link #create} with {@link #installFromBuild()}. */
    public static OneFrontend create(TestBed tb, String... drivers) throws Exception {
        return create(tb, Arrays.asList(drivers), installFromBuild());
    }

    /**
     * {@code install.sh --frontend} from the repository, with the jars of the build (as after
     * {@code mvn package}), into ONE_LOCATION, for this frontend's user and the test bed's VG;
     * its doctor checks the hosts. LVM_SYSTEM_DIR is the test bed frontend's (install.sh pins it
     * for sudo). {@code --uninstall} undoes it.
     */
    public static Installer installFromBuild() {
        return new Installer() {
            @Override
            public void install(OneFrontend fe) throws Exception {
                fe.exec(fe.installArgv(false), fe.installEnv(), true);
            }

            @Override
            public void uninstall(OneFrontend fe) throws Exception {
                fe.exec(fe.installArgv(true), fe.installEnv(), true);
                fe.assertNothingLeft();
            }
        };
    }

    List<String> installArgv(boolean uninstall) {
        List<String> argv = new ArrayList<>(List.of("sh", repo.resolve("install.sh").toString(), "--frontend",
                "--no-build", "--drivers", String.join(",", drivers), "--user", user));
        if (uninstall) {
            argv.add("--uninstall");
        } else {
            if (drivers.contains("shared_lvm")) {
                argv.addAll(List.of("--vg", tb.vg()));
            }
            argv.addAll(List.of("--hosts", String.join(",", hosts)));
        }
        return argv;
    }

    /** A root shell's environment (not the test's: no test-bed variables) plus where OpenNebula and LVM's config are. */
    /** After {@code --uninstall}: oned.conf as shipped, no sudoers file, none of our files in the remotes. */
    void assertNothingLeft() throws IOException {
        List<Path> left = new ArrayList<>();
        for (Path p : List.of(Path.of("/etc/sudoers.d/storage-drivers-frontend"),
                Path.of("/etc/storage-drivers/frontend-sudo.env"), one.resolve("var/remotes/lib/storage-drivers"),
                one.resolve("var/remotes/lib/storage-drivers.sh"), one.resolve("var/remotes/etc/storage-drivers"))) {
            if (Files.exists(p)) {
                left.add(p);
            }
        }
        for (String d : drivers) {
            for (String kind : List.of("tm", "datastore")) {
                if (Files.exists(one.resolve("var/remotes/" + kind + "/" + d))) {
                    left.add(one.resolve("var/remotes/" + kind + "/" + d));
                }
            }
        }
        if (!left.isEmpty()) {
            throw new IOException("install.sh --uninstall left " + left);
        }
        if (!Files.readString(one.resolve("etc/oned.conf")).equals(Files.readString(
                repo.resolve("installer/src/test/resources/io/storagedrivers/install/oned.conf")))) {
            throw new IOException("install.sh --uninstall did not give oned.conf back byte for byte");
        }
    }

    Map<String, String> installEnv() {
        return Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME", "/root",
                "LANG", "C.UTF-8", "ONE_LOCATION", one.toString(), "LVM_SYSTEM_DIR", tb.frontendLvmSystemDir());
    }

    private void layOut() throws Exception {
        Path layout = repo.resolve("../shared/opennebula/layout.sh").normalize();
        if (!Files.isRegularFile(layout)) {
            throw new IllegalStateException("no " + layout + " (OpenNebula's runners beside the repository)");
        }
        exec(List.of("bash", layout.toString(), one.toString()), Map.of());
        // the oned.conf OpenNebula ships (its shape: the installer's fixture), before install.sh edits it
        Files.copy(repo.resolve("installer/src/test/resources/io/storagedrivers/install/oned.conf"),
                one.resolve("etc/oned.conf"));
        // onevm/onedatastore: OpenNebula's CLI in ONE_LOCATION/bin, here the test stand-ins
        Path bin = Files.createDirectories(one.resolve("bin"));
        for (String tool : List.of("onevm", "onedatastore")) {
            try (InputStream in = OneFrontend.class.getResourceAsStream("/one-stubs/" + tool)) {
                Path p = bin.resolve(tool);
                Files.write(p, in.readAllBytes());
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        // the runners' stderr into var/<runner>.log (madcommon.sh)
        Files.writeString(one.resolve("etc/defaultrc"), "ONE_MAD_DEBUG=1\n");
        Files.createDirectories(stubDir);
    }

    /**
     * The namespace hosts share this machine's file system: without this, a host (reached as root)
     * would write into the frontend's own datastore directory. Like real hosts, each gets its own
     * {@code ONE_LOCATION/var/datastores}: a directory of its own bind-mounted there in its sshd's
     * mount namespace (where its SSH sessions run), for the life of this frontend.
     */
    private void hostLocalDatastores() throws Exception {
        Path datastores = Files.createDirectories(one.resolve("var/datastores"));
        for (String h : tb.hosts()) {
            Path own = Files.createDirectories(work.resolve("hosts/" + h + "/datastores"));
            exec(List.of("nsenter", "-t", sshdPid(h), "-m", "mount", "--bind", own.toString(), datastores.toString()),
                    Map.of());
            mountedOn.add(h);
        }
    }

    private String sshdPid(String host) throws IOException {
        return Files.readString(tb.hostDir(host).resolve("sshd.pid")).strip();
    }

    /**
     * What an operator does on every host: {@code install.sh --host --user <the OpenNebula user>
     * --vg <VG>} as root there (read-only lvm.conf, the host sudoers file). A namespace host shares
     * this machine's files but has its own {@code /etc/lvm} and {@code /etc/sudoers.d} (bind-mounted
     * in its sshd's mount namespace by testbed.sh), so it runs in that namespace. The user (same
     * name and uid there, like a site's oneadmin) owns its own datastores directory on the host.
     */
    private void installHosts() throws Exception {
        for (String h : tb.hosts()) {
            hostsInstalled.add(h);
            exec(onHost(h, hostInstallArgv(false)), hostInstallEnv(), true);
            chown(work.resolve("hosts/" + h + "/datastores"));
        }
        if (hosts.size() > tb.hosts().size()) {
            vmHost = new VmHostUser(this, hosts.get(hosts.size() - 1));
            vmHost.install();
        }
    }

    /** {@code argv} as root in host {@code h}'s namespaces (its sshd's: its /etc/lvm and /etc/sudoers.d). */
    public List<String> onHost(String h, List<String> argv) throws IOException {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", sshdPid(h), "-m", "-n", "--"));
        full.addAll(argv);
        return full;
    }

    List<String> hostInstallArgv(boolean uninstall) {
        List<String> argv = new ArrayList<>(List.of("sh", repo.resolve("install.sh").toString(), "--host",
                "--user", user));
        if (uninstall) {
            argv.add("--uninstall");
        } else {
            argv.addAll(List.of("--vg", tb.vg()));
        }
        return argv;
    }

    /** A root shell's environment on a host: no LVM_SYSTEM_DIR, LVM reads the host's /etc/lvm. */
    private static Map<String, String> hostInstallEnv() {
        return Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME", "/root",
                "LANG", "C.UTF-8");
    }

    /** The user, its home, and its SSH identity for the test-bed hosts (the test bed's key, as distributed). */
    private void createUser() throws Exception {
        // password "*": no password login, yet not a locked account (useradd's "!"), which the
        // hosts' sshd (no PAM) would refuse even with a key
        exec(List.of("useradd", "--no-create-home", "--home-dir", home.toString(), "--shell", "/bin/sh",
                "--user-group", "--password", "*", user), Map.of());
        userCreated = true;
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.copy(tb.sshKey(), ssh.resolve("id_ed25519"));
        Files.copy(Path.of(tb.sshKey() + ".pub"), ssh.resolve("id_ed25519.pub"));
        // the hosts accept the user's key in its ~/.ssh/authorized_keys (the namespace hosts share
        // this home, as OpenNebula's docs have /var/lib/one/.ssh copied to every host)
        Files.copy(Path.of(tb.sshKey() + ".pub"), ssh.resolve("authorized_keys"));
        Files.copy(tb.knownHosts(), ssh.resolve("known_hosts"));
        Files.writeString(ssh.resolve("config"), sshConfig(Files.readString(tb.sshConfig())));
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        chown(home);
        chown(stubDir);
    }

    /**
     * The user's {@code ~/.ssh/config}: each test-bed host's HostName/Port, reached as the user
     * itself (no {@code User}: OpenSSH's default, as OpenNebula's oneadmin reaches its hosts) with
     * its own key and known_hosts (OpenSSH's defaults), strict host key checking. The
     * device-mapper VM host too ({@link VmHostUser} makes the user there); the lvmlockd VMs
     * (vm1, vm2...) are reached as root: their initramfs has no OpenNebula user nor sudo.
     */
    static String sshConfig(String testbedConfig) {
        StringBuilder sb = new StringBuilder("# the OpenNebula hosts\n");
        String host = null;
        for (String line : testbedConfig.split("\n")) {
            String[] w = line.strip().split("\\s+", 2);
            if (w.length < 2 || w[0].startsWith("#")) {
                continue;
            }
            if (w[0].equalsIgnoreCase("Host")) {
                host = w[1].equals("*") ? null : w[1];
                if (host != null) {
                    sb.append("Host ").append(host).append('\n');
                    if (host.matches("vm[0-9]+")) {
                        sb.append("    User root\n");
                    }
                }
            } else if (host != null && (w[0].equalsIgnoreCase("HostName") || w[0].equalsIgnoreCase("Port"))) {
                sb.append("    ").append(w[0]).append(' ').append(w[1]).append('\n');
            }
        }
        return sb.append("Host *\n    StrictHostKeyChecking yes\n    BatchMode yes\n"
                + "    ConnectTimeout 15\n").toString();
    }

    /** The environment oned gives its runners (plus where the onevm/onedatastore stand-ins read). */
    public Map<String, String> runnerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("SHELL", "/bin/sh");
        env.put("LANG", "C.UTF-8");
        env.put("PATH", one.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin");
        env.put("ONE_LOCATION", one.toString());
        env.put("RUBYLIB", one.resolve("lib/ruby").toString());
        env.put("ONE_STUB_DIR", stubDir.toString());
        return env;
    }

    /** {@code argv} as the OpenNebula user, in {@link #runnerEnv} only. */
    public List<String> asUser(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", user, "--", "env", "-i"));
        runnerEnv().forEach((k, v) -> full.add(k + "=" + v));
        full.addAll(argv);
        return full;
    }

    /** The ARGUMENTS of the {@code section} (TM_MAD, DATASTORE_MAD) vector of the installed oned.conf. */
    public List<String> registeredArguments(String section) throws IOException {
        return madArguments(Files.readString(one.resolve("etc/oned.conf")), section);
    }

    static List<String> madArguments(String onedConf, String section) {
        Matcher m = Pattern.compile("(?m)^\\s*" + section + "\\s*=\\s*\\[([^\\]]*)\\]").matcher(onedConf);
        if (!m.find()) {
            throw new IllegalStateException("no " + section + " in oned.conf");
        }
        Matcher a = Pattern.compile("(?i)ARGUMENTS\\s*=\\s*\"([^\"]*)\"").matcher(m.group(1));
        if (!a.find()) {
            throw new IllegalStateException("no ARGUMENTS in oned.conf's " + section);
        }
        return Arrays.asList(a.group(1).strip().split("\\s+"));
    }

    /** {@code one_tm} started as oned starts it, with the registered arguments. */
    public OneRunner startTm() throws IOException {
        return start("one_tm", registeredArguments("TM_MAD"));
    }

    /** {@code one_datastore} started as oned starts it, with the registered arguments. */
    public OneRunner startDatastore() throws IOException {
        return start("one_datastore", registeredArguments("DATASTORE_MAD"));
    }

    private OneRunner start(String runner, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(one.resolve("lib/mads/" + runner).toString()));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(asUser(argv)).directory(work.toFile());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(work.resolve(runner + ".wrapper.log").toFile()));
        OneRunner r = new OneRunner(runner, pb.start());
        runners.add(r);
        return r;
    }

    /**
     * What OpenNebula's VMM runner does for a live migration's storage steps: it runs
     * {@code tm/<tm>/<action>} through the TM runner's own code ({@code do_transfer_action} of
     * one_tm.rb) with the base64 VM XML on stdin. {@code command}: e.g. PREMIGRATE shared_lvm
     * src dst dir vmid dsid. Answered as {@code <ACTION> SUCCESS|FAILURE <vmid>} with LOG lines.
     */
    public OneRunner.Answer vmmTm(String vmXmlBase64, String... command) throws Exception {
        Path script = work.resolve("vmm-tm.rb");
        if (!Files.exists(script)) {
            try (InputStream in = OneFrontend.class.getResourceAsStream("/one-runners/vmm-tm.rb")) {
                Files.write(script, in.readAllBytes());
            }
        }
        List<String> argv = new ArrayList<>(List.of("ruby", script.toString()));
        argv.addAll(Arrays.asList(command));
        ProcessBuilder pb = new ProcessBuilder(asUser(argv)).directory(one.resolve("var").toFile());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("vmm-tm.log").toFile()));
        try (OneRunner r = new OneRunner("vmm-tm", pb.start())) {
            r.send(vmXmlBase64);
            String vmid = command[command.length - 2];
            return r.await(command[0], vmid);
        }
    }

    /** Writes the transfer file oned would write for VM {@code vmid} and sends TRANSFER on {@code tm}. */
    public OneRunner.Answer transfer(OneRunner tm, int vmid, String... lines) throws Exception {
        Path file = one.resolve("var/vms/" + vmid + "/transfer." + System.nanoTime());
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        chown(file.getParent());
        return tm.request("TRANSFER " + vmid + " " + file, "TRANSFER", Integer.toString(vmid));
    }

    /** Sends a datastore action ({@code CP 10 <base64>}) on {@code ds}. */
    public OneRunner.Answer dsAction(OneRunner ds, String action, int id, String documentXml) throws Exception {
        return ds.request(action + " " + id + " " + ShimHarness.base64(documentXml), action, Integer.toString(id));
    }

    /** What {@code onevm show -x id} prints from now on. */
    public void writeVm(int id, String xml) throws IOException {
        Files.writeString(stubDir.resolve("vm-" + id + ".xml"), xml);
    }

    /** What {@code onedatastore show -x id} prints from now on. */
    public void writeDatastore(int id, String xml) throws IOException {
        Files.writeString(stubDir.resolve("ds-" + id + ".xml"), xml);
    }

    /** Appends settings to the installed driver config file, as the frontend's administrator would. */
    public void configure(String driver, String... lines) throws IOException {
        Path conf = one.resolve("var/remotes/etc/storage-drivers/" + driver + ".conf");
        Files.writeString(conf, String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    }

    public void chown(Path p) throws Exception {
        exec(List.of("chown", "-R", user + ":" + user, p.toString()), Map.of());
    }

    /** Runs {@code argv} (as root) with {@code env} added; its output, or an exception with it. */
    public String exec(List<String> argv, Map<String, String> env) throws Exception {
        return exec(argv, env, false);
    }

    /** {@link #exec(List, Map)}, in {@code env} alone when {@code clean}. */
    public String exec(List<String> argv, Map<String, String> env, boolean clean) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (clean) {
            pb.environment().clear();
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(argv + " failed (exit " + p.exitValue() + "):\n" + out);
        }
        return out;
    }

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("install.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (install.sh)");
        }
        return p;
    }

    /** Stops the runners and the user's warm services, uninstalls, removes the user and the work dir. */
    @Override
    public void close() throws Exception {
        try {
            for (OneRunner r : runners) {
                r.close();
            }
            stopWarmServices();
            if (installed) {
                installer.uninstall(this);
            }
            uninstallHosts();
        } finally {
            for (String h : mountedOn) {
                exec(List.of("nsenter", "-t", sshdPid(h), "-m", "umount", one.resolve("var/datastores").toString()),
                        Map.of());
            }
            if (userCreated) {
                exec(List.of("userdel", user), Map.of());
            }
            exec(List.of("rm", "-rf", work.toString()), Map.of());
            lock.release();
            lockChannel.close();
        }
    }

    /** {@code install.sh --host --uninstall} where it was installed; the host's sudoers.d is empty again. */
    private void uninstallHosts() throws Exception {
        if (vmHost != null) {
            vmHost.undo();
        }
        for (String h : hostsInstalled) {
            exec(onHost(h, hostInstallArgv(true)), hostInstallEnv(), true);
            Path sudoers = tb.hostDir(h).resolve("sudoers.d");
            try (var left = Files.list(sudoers)) {
                List<Path> files = left.toList();
                if (!files.isEmpty()) {
                    throw new IOException("install.sh --host --uninstall left " + files + " on " + h);
                }
            }
        }
    }

    /** The warm services the shims started as the user (pid files next to their sockets). */
    private void stopWarmServices() throws IOException {
        Path run = home.resolve(".storage-drivers");
        if (!Files.isDirectory(run)) {
            return;
        }
        try (var files = Files.list(run)) {
            for (Path pid : files.filter(f -> f.toString().endsWith(".sock.pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ph -> {
                    ph.destroy();
                    ph.onExit().join();
                });
            }
        }
    }
}
