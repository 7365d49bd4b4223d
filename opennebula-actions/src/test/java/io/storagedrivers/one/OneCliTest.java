package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.one.rpc.FakeOned;
import io.storagedrivers.testsupport.FakeRunners;

/**
 * oned's objects through its XML-RPC API when the user's credentials are found, the CLI
 * ({@code onevm show -x}) otherwise or when oned cannot be asked; the error lines; the secret in
 * no message and no log line.
 */
class OneCliTest {
    static final String SECRET = "S3cr3t-Pa55";
    static final String VM_XML = Fixtures.xml("vm-running.xml");
    static final String DS_XML = "<DATASTORE><ID>100</ID><NAME>system</NAME><TYPE>1</TYPE>"
            + "<TM_MAD>shared_lvm</TM_MAD><TEMPLATE><SHARED><![CDATA[YES]]></SHARED></TEMPLATE></DATASTORE>";

    @TempDir
    Path dir;
    Path commandLog;
    Map<String, String> env = new HashMap<>();
    FakeRunners runners = new FakeRunners();

    @BeforeEach
    void credentials() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home/.one")).getParent();
        Files.writeString(home.resolve(".one/one_auth"), "oneadmin:" + SECRET + "\n");
        commandLog = dir.resolve("commands.log");
        env.put("HOME", home.toString());
        env.put("STORAGE_DRIVERS_LOG", commandLog.toString());
    }

    private OneCli one(String url) {
        env.put("ONE_XMLRPC", url);
        return new OneCli(runners.local(), env);
    }

    /** oned as the stand-in: VM 42 and datastore 100 exist, the session must be oneadmin's. */
    private static String oned(String body) {
        if (!body.contains("<string>oneadmin:" + SECRET + "</string>")) {
            return FakeOned.answer(false, "[one.vm.info] User couldn't be authenticated, aborting call.", 0x0100);
        }
        if (body.contains("<methodName>one.vm.info</methodName>")) {
            return body.contains("<int>42</int>") ? FakeOned.answer(true, VM_XML, 0)
                    : FakeOned.answer(false, "[one.vm.info] Error getting virtual machine [8].", 0x0400);
        }
        return FakeOned.answer(true, DS_XML, 0);
    }

    private String logged() throws IOException {
        return Files.exists(commandLog) ? Files.readString(commandLog) : "";
    }

    @Test
    void theVmAndDatastoreComeThroughTheApiOnceEachAndNotTheCli() throws Exception {
        try (FakeOned oned = new FakeOned(OneCliTest::oned)) {
            OneCli one = one(oned.url());
            assertEquals(42, one.vm(42).id());
            assertEquals(42, one.vm(42).id());
            assertEquals(100, one.datastore(100).id());
            assertEquals(List.of(), runners.calls(), "no CLI");
            assertEquals(2, oned.requests.size(), "each object once");
            assertTrue(oned.requests.get(0).contains("<methodName>one.vm.info</methodName><params><param><value><string>"
                    + "oneadmin:" + SECRET + "</string></value></param><param><value><int>42</int></value></param>"
                    + "<param><value><boolean>0</boolean></value></param></params>"), oned.requests.get(0));
            assertTrue(oned.requests.get(1).contains("<methodName>one.datastore.info</methodName>"));
            String log = logged();
            assertTrue(log.matches("(?s).* rpc 127\\.0\\.0\\.1:\\d+ ok \\d+ ms: one\\.vm\\.info 42\n.*"), log);
            assertFalse(log.contains(SECRET), log);
        }
    }

    @Test
    void theWarmServicesActionsShareOneKeptAliveConnection() throws Exception {
        try (FakeOned oned = new FakeOned(OneCliTest::oned)) {
            one(oned.url()).vm(42);
            one(oned.url()).vm(42);
            one(oned.url()).datastore(100);
            assertEquals(1, oned.clientPorts.stream().distinct().count(), "client ports " + oned.clientPorts);
        }
    }

    @Test
    void aMissingObjectIsOneLineWithOnedsMessage() throws Exception {
        try (FakeOned oned = new FakeOned(OneCliTest::oned)) {
            OneException e = assertThrows(OneException.class, () -> one(oned.url()).vm(8));
            assertEquals("cannot read vm 8 from oned: one.vm.info failed (NO_EXISTS): "
                    + "[one.vm.info] Error getting virtual machine [8].", e.getMessage());
            assertEquals(List.of(), runners.calls(), "oned's answer is final: no CLI");
            assertTrue(logged().contains(" error 1024 "), logged());
        }
    }

    @Test
    void aRefusedSessionSaysSoAndNeverShowsTheSecretEvenWhenOnedEchoesIt() throws Exception {
        try (FakeOned oned = new FakeOned(b -> FakeOned.answer(false, "[one.vm.info] bad session oneadmin:" + SECRET
                + " (" + SECRET + ")\u009b2J", 0x0100))) {
            OneException e = assertThrows(OneException.class, () -> one(oned.url()).vm(42));
            String line = Reply.failureLine(e);
            assertEquals("cannot read vm 42 from oned: one.vm.info failed (AUTHENTICATION): [one.vm.info] bad session"
                    + " *** (***)\\u009b2J", line);
            assertFalse(logged().contains(SECRET));
        }
    }

    @Test
    void whenOnedCannotBeReachedTheCliIsAsked() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        runners.local().expect(List.of("onevm", "show", "-x", "42"), VM_XML);
        assertEquals(42, one("http://127.0.0.1:" + closed + "/RPC2").vm(42).id());
        runners.verifyAllCalled();
        String log = logged();
        assertTrue(log.contains("one.vm.info 42") && log.contains("unavailable, asking the CLI"), log);
        assertFalse(log.contains(SECRET));
    }

    @Test
    void whatIsNotOnedsAnswerSendsToTheCliToo() throws Exception {
        for (Object answer : List.of(new FakeOned.Status(500, "oops " + SECRET), "<html>proxy</html>",
                "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>-501</int></value>"
                        + "</member><member><name>faultString</name><value>wrong " + SECRET + "</value></member>"
                        + "</struct></value></fault></methodResponse>",
                "<methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>")) {
            runners = new FakeRunners();
            runners.local().expect(List.of("onevm", "show", "-x", "42"), VM_XML);
            try (FakeOned oned = new FakeOned(b -> answer)) {
                assertEquals(42, one(oned.url()).vm(42).id(), answer.toString());
            }
            runners.verifyAllCalled();
        }
        assertFalse(logged().contains(SECRET), logged());
    }

    @Test
    void aSessionXmlCannotCarryIsLeftToTheCli() throws Exception {
        Files.writeString(Path.of(env.get("HOME"), ".one/one_auth"), "oneadmin:a\ufffeb\n");
        runners.local().expect(List.of("onevm", "show", "-x", "42"), VM_XML);
        try (FakeOned oned = new FakeOned(OneCliTest::oned)) {
            assertEquals(42, one(oned.url()).vm(42).id());
            assertEquals(List.of(), oned.requests);
        }
        runners.verifyAllCalled();
    }

    @Test
    void theCliFailureLineIsTodaysWhenTheCliIsAsked() throws IOException {
        env.put("HOME", dir.resolve("no-credentials").toString());
        runners.local().expect(List.of("onevm", "show", "-x", "8"), 255, "",
                "[one.vm.info] Error getting virtual machine [8].");
        OneException e = assertThrows(OneException.class, () -> new OneCli(runners.local(), env).vm(8));
        // "command failed on local": the fake runner's name; the frontend's runner names no host
        assertEquals("cannot read vm 8 from oned: command failed on local (exit 255): onevm show -x 8: "
                + "[one.vm.info] Error getting virtual machine [8].", e.getMessage());
        assertTrue(logged().matches("(?s).* rpc - not used \\(no ONE_AUTH file .*\\) 0 ms: one\\.vm\\.info 8\n"), logged());
    }

    @Test
    void anOnedThatDoesNotAnswerInTimeIsAnErrorNotASecondWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeOned oned = new FakeOned(b -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return oned(b);
        })) {
            env.put("ONE_XMLRPC_TIMEOUT", "1");
            OneException e = assertThrows(OneException.class, () -> one(oned.url()).vm(42));
            assertTrue(e.getMessage().startsWith("cannot read vm 42 from oned: one.vm.info at " + oned.url()
                    + ": no answer within 1 s"), e.getMessage());
            assertEquals(List.of(), runners.calls());
        } finally {
            release.countDown();
        }
    }
}
