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

    private CommandRunner recorder(String where) {
        return new CommandRunner() {
            @Override
            public String where() {
                return where;
            }

            @Override
            public CommandResult execute(Command c) {
                ran.add(c.argv());
                return new CommandResult(c, 0, new byte[0], "", false);
            }
        };
    }

    private Runners runners() {
        CommandRunner local = recorder("local");
        CommandRunner host1 = recorder("host1");
        return new Runners() {
            @Override
            public CommandRunner local() {
                return local;
            }

            @Override
            public CommandRunner host(String h) {
                return h.equals("frontend") ? local : host1;
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
        r.local().run(lvm.lvs("vg"));
        r.local().run(Command.of("dd", "if=/dev/zero"));
        r.host("host1").run(lvm.activate("vg", "lv"));
        assertSame(r.local(), r.host("frontend"), "this machine by name is the same runner");
        assertEquals(List.of("sudo", "-n", "lvremove"), ran.get(0).subList(0, 3));
        assertEquals(List.of("sudo", "-n", "/usr/sbin/lvs"), ran.get(1).subList(0, 3));
        assertEquals("dd", ran.get(2).get(0));
        assertEquals("lvchange", ran.get(3).get(0), "hosts: the SSH user's business (LVM_COMMAND_PREFIX)");
    }

    @Test
    void rootRunsLvmDirectly() {
        Runners plain = runners();
        assertSame(plain, SudoRunners.whenNotRoot(plain, LvmTools.defaults(), true));
    }
}
