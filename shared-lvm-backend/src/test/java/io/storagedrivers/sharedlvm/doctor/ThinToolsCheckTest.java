package io.storagedrivers.sharedlvm.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.storagedrivers.checks.Check;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;

/** {@link ThinToolsCheck}: where LVM looks for thin_check, and whether it runs there. */
class ThinToolsCheckTest {
    static final Command CONF = Command.of("lvmconfig", "--type", "full", ThinToolsCheck.KEY);

    final List<String> ran = new ArrayList<>();

    Function<Command, CommandResult> node(String conf, int versionExit, String versionOut, String versionErr) {
        return c -> {
            ran.add(String.join(" ", c.argv()));
            boolean isConf = c.argv().contains(ThinToolsCheck.KEY);
            return new CommandResult(c, isConf ? 0 : versionExit,
                    (isConf ? conf : versionOut).getBytes(StandardCharsets.UTF_8), isConf ? "" : versionErr, false);
        };
    }

    @Test
    void presentIsOkWithItsVersion() {
        Check c = ThinToolsCheck.check(node("thin_check_executable=\"/usr/sbin/thin_check\"\n", 0, "0.9.0\n", ""),
                CONF, List.of());
        assertTrue(c.ok(), c.line());
        assertEquals("thin pools: /usr/sbin/thin_check 0.9.0 (thin-provisioning-tools) checks a pool before LVM"
                + " activates it", c.what());
        assertEquals(List.of("lvmconfig --type full global/thin_check_executable", "/usr/sbin/thin_check -V"), ran);
    }

    @Test
    void missingSaysWhatToInstallInOneLine() {
        Check c = ThinToolsCheck.check(node("thin_check_executable=\"/usr/sbin/thin_check\"\n", 127, "",
                "sh: /usr/sbin/thin_check: not found\n"), CONF, List.of());
        assertFalse(c.ok());
        assertEquals("thin pools (LVM_THIN_ENABLE) need /usr/sbin/thin_check, which is not here"
                + " (sh: /usr/sbin/thin_check: not found): apt-get install thin-provisioning-tools", c.what());
    }

    @Test
    void anEmptySettingMeansLvmDoesNotCheck() {
        Check c = ThinToolsCheck.check(node("thin_check_executable=\"\"\n", 99, "", ""), CONF, List.of());
        assertTrue(c.ok(), c.line());
        assertTrue(c.what().contains("without checking"), c.what());
        assertEquals(1, ran.size(), "nothing to run");
    }

    @Test
    void unreadableOrOddSettingFails() {
        assertFalse(ThinToolsCheck.check(node("something_else=1\n", 0, "", ""), CONF, List.of()).ok());
        Check relative = ThinToolsCheck.check(node("thin_check_executable=\"thin_check; reboot\"\n", 0, "", ""),
                CONF, List.of());
        assertFalse(relative.ok());
        assertEquals(1, ran.size() - 1, "the odd path is not run");
    }

    @Test
    void runsWhereTheBackendsLvmCommandsGoWithoutSudo() {
        ThinToolsCheck.check(node("thin_check_executable=\"/usr/sbin/thin_check\"\n", 0, "1.0\n", ""), CONF,
                List.of("ssh", "-F", "/etc/x", "vm1"));
        ThinToolsCheck.check(node("thin_check_executable=\"/usr/sbin/thin_check\"\n", 0, "1.0\n", ""), CONF,
                List.of("sudo", "-n"));
        assertEquals("ssh -F /etc/x vm1 /usr/sbin/thin_check -V", ran.get(1));
        assertEquals("/usr/sbin/thin_check -V", ran.get(3));
    }

    @Test
    void valueParsing() {
        assertEquals("/sbin/thin_check", ThinToolsCheck.value("  thin_check_executable=\"/sbin/thin_check\"\n"));
        assertEquals("", ThinToolsCheck.value("thin_check_executable=\"\""));
        assertNull(ThinToolsCheck.value(""));
    }
}
