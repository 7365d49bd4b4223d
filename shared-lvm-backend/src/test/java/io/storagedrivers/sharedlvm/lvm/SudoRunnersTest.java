package io.storagedrivers.sharedlvm.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;

class SudoRunnersTest {
    private final List<List<String>> ran = new ArrayList<>();

    private CommandRunner recorder(String where, boolean root) {
        return new CommandRunner() {
            @Override
            public String where() {
                return where;
            }

            @Override
            public boolean runsAsRoot() {
                return root;
            }

            @Override
            public CommandResult execute(Command c) {
                ran.add(c.argv());
                return new CommandResult(c, 0, new byte[0], "", false);
            }
        };
    }

    private Runners runners() {
        CommandRunner local = recorder("local", false);
        CommandRunner host1 = recorder("host1", true);
        CommandRunner host2 = recorder("host2", false);
        return new Runners() {
            @Override
            public CommandRunner local() {
                return local;
            }

            @Override
            public CommandRunner host(String h) {
                return h.equals("frontend") ? local : h.equals("host1") ? host1 : host2;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void notRootLvmOnThisMachineGoesThroughSudo() {
        LvmTools tools = LvmTools.fromSettings(Map.of("LVM_LVS", "/usr/sbin/lvs"));
        Runners r = SudoRunners.whenNotRoot(runners(), tools, false);
        LvmCommands lvm = new LvmCommands(tools);
        r.local().run(lvm.lvremove("vg", "lv"));
        r.local().run(lvm.reports().lvs("vg"));
        r.local().run(Command.of("dd", "if=/dev/zero"));
        r.host("host1").run(lvm.activate("vg", "lv"));
        assertSame(r.local(), r.host("frontend"), "this machine by name is the same runner");
        assertEquals(List.of("sudo", "-n", "lvremove"), ran.get(0).subList(0, 3));
        assertEquals(List.of("sudo", "-n", "/usr/sbin/lvs"), ran.get(1).subList(0, 3));
        assertEquals("dd", ran.get(2).get(0));
        assertEquals("lvchange", ran.get(3).get(0), "host1 is reached as root");
    }

    @Test
    void aHostReachedAsAnotherUserRunsLvmThroughSudoThere() {
        LvmTools tools = LvmTools.defaults();
        Runners r = SudoRunners.whenNotRoot(runners(), tools, true);
        LvmCommands lvm = new LvmCommands(tools);
        r.host("host2").run(lvm.activate("vg", "lv"));
        r.host("host2").run(Command.of("ln", "-sfn", "/dev/vg/lv", "/var/lib/one/datastores/0/1/disk.0"));
        r.host("host2").run(Command.of("sudo", "-n", "lvs"));
        r.local().run(lvm.reports().lvs("vg"));
        assertEquals(List.of("sudo", "-n", "lvchange"), ran.get(0).subList(0, 3));
        assertEquals("ln", ran.get(1).get(0), "files in the VM directory: as the SSH user");
        assertEquals(List.of("sudo", "-n", "lvs"), ran.get(2), "a prefix of sudo (LVM_COMMAND_PREFIX) is not doubled");
        assertEquals("lvs", ran.get(3).get(0), "the driver runs as root here");
        assertSame(r, SudoRunners.whenNotRoot(r, tools, true));
    }
}
