package org.wfe.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.Protocol;

class AgentConfigTest {

    @TempDir
    Path dir;

    @Test
    void fileAndArgumentsMakeTheConfigArgumentsWin() throws Exception {
        Path f = Files.writeString(dir.resolve("a.properties"), "xmppserver=xmpp.example\nuser=agent7\npassword=s3cret\ncontroller=boss\nport=5223\n");
        AgentConfig c = AgentConfig.fromArgs(List.of("--config", f.toString(), "tls=disabled", "insecure=true", "--workdir=" + dir.resolve("w")));
        assertEquals("boss@xmpp.example", c.controller());
        assertEquals(5223, c.xmpp().port());
        assertEquals("disabled", c.xmpp().tls());
        assertEquals(Protocol.AGENT_RESOURCE, c.xmpp().resource());
        assertEquals(dir.resolve("w"), c.workDir());
        assertFalse(c.xmpp().toString().contains("s3cret"), "the password never shows");
    }

    @Test
    void badInputGetsClearErrors() {
        assertEquals("setting 'user' is required", assertThrows(IllegalArgumentException.class,
                () -> parse(List.of("xmppserver=h", "controller=c"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> parse(List.of("xmppserver=h", "user=u", "controller=c", "port=x"))).getMessage()
                .contains("port must be a number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> parse(List.of("xmppserver=h", "user=u", "controller=c", "tls=maybe"))).getMessage()
                .contains("tls must be 'required' or 'disabled'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> parse(List.of("xmppserver=h", "user=u", "controller=c", "colour=blue"))).getMessage()
                .startsWith("unknown setting(s) [colour]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromArgs(List.of("--config", dir.resolve("none").toString())))
                .getMessage().contains("cannot be read"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromArgs(List.of("oops"))).getMessage()
                .contains("expected --config FILE or key=value"));
    }

    @Test
    void plainXmppBeyondThisHostIsRefusedUnlessInsecureAndThenWarnedAtEveryStart() throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        String m = assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromArgs(
                List.of("xmppserver=192.0.2.10", "user=u", "controller=c", "tls=disabled"), Map.of(AgentConfig.PASSWORD_ENV, "p"), warnings::add))
                .getMessage();
        assertTrue(m.contains("tls=disabled towards 192.0.2.10") && m.contains("insecure=true"), m);
        AgentConfig.fromArgs(List.of("xmppserver=192.0.2.10", "user=u", "controller=c", "tls=disabled", "insecure=true"),
                Map.of(AgentConfig.PASSWORD_ENV, "p"), warnings::add);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("INSECURE"), warnings.get(0));
        warnings.clear();
        // loopback (a Prosody on this host, the tests) needs no switch, and TLS anywhere is fine
        AgentConfig.fromArgs(List.of("xmppserver=127.0.0.1", "user=u", "controller=c", "tls=disabled"), Map.of(AgentConfig.PASSWORD_ENV, "p"), warnings::add);
        AgentConfig.fromArgs(List.of("xmppserver=192.0.2.10", "user=u", "controller=c"), Map.of(AgentConfig.PASSWORD_ENV, "p"), warnings::add);
        assertEquals(List.of(), warnings);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(List.of("xmppserver=h", "user=u", "controller=c", "insecure=yes")))
                .getMessage().contains("insecure must be true or false"));
    }

    private static AgentConfig parse(List<String> args) throws java.io.IOException {
        return AgentConfig.fromArgs(args, Map.of(AgentConfig.PASSWORD_ENV, "p"), w -> { });
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithWhereToPutIt() throws Exception {
        for (String key : List.of("password", "truststore.password", "--password")) {
            String m = assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromArgs(
                    List.of("xmppserver=h", "user=u", "controller=c", key + "=s3cret"), Map.of(), w -> { })).getMessage();
            assertTrue(m.contains("refused on the command line") && m.contains("--config FILE") && m.contains("WFE_AGENT_"), m);
            assertFalse(m.contains("s3cret"), "the refusal repeats the secret: " + m);
        }
        // the ways that are not visible in ps
        Path pw = Files.writeString(dir.resolve("pw"), "from-file\n");
        java.nio.file.Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        List<String> warnings = new java.util.ArrayList<>();
        AgentConfig c = AgentConfig.fromArgs(List.of("xmppserver=h", "user=u", "controller=c", "password.file=" + pw), Map.of(), warnings::add);
        assertEquals("from-file", c.xmpp().password());
        assertEquals(List.of(), warnings);
        c = AgentConfig.fromArgs(List.of("xmppserver=h", "user=u", "controller=c"), Map.of(AgentConfig.PASSWORD_ENV, "from-env"), warnings::add);
        assertEquals("from-env", c.xmpp().password());
    }

    @Test
    void aConfigFileOthersCanReadIsWarnedAbout() throws Exception {
        Path f = Files.writeString(dir.resolve("agent.properties"), "xmppserver=h\nuser=u\npassword=s3cret\ncontroller=c\n");
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = new java.util.ArrayList<>();
        AgentConfig.fromArgs(List.of("--config", f.toString()), Map.of(), warnings::add);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(f + " is readable by others") && warnings.get(0).contains("chmod 600"), warnings.get(0));
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        warnings.clear();
        AgentConfig.fromArgs(List.of("--config", f.toString()), Map.of(), warnings::add);
        assertEquals(List.of(), warnings);
    }

    @Test
    void aResultIsCutUntilItFitsOneMessage() {
        String big = "\u0001".repeat(200_000); // escapes to six characters each in JSON: 2.4 MB for both
        ExecResult r = new ExecResult("j", 0, big, big, false, Map.of(), 1, null, null);
        ExecResult fit = AgentDaemon.fit(r);
        assertTrue(org.wfe.agent.protocol.Codec.wireSize(org.wfe.agent.protocol.Codec.encode(fit)) <= Protocol.MAX_MESSAGE_BYTES);
        assertTrue(fit.truncated());
        String quotes = "\"".repeat(200_000); // 7 bytes each on the wire: \&quot;
        ExecResult q = AgentDaemon.fit(new ExecResult("j", 0, quotes, "", false, Map.of(), 1, null, null));
        assertTrue(org.wfe.agent.protocol.Codec.wireSize(org.wfe.agent.protocol.Codec.encode(q)) <= Protocol.MAX_MESSAGE_BYTES);
        assertTrue(q.stdout().length() > 50_000, "cut no more than needed: " + q.stdout().length());
    }

    @Test
    void labelsComeFromTheConfigurationAndBadOnesStopTheStart() throws Exception {
        List<String> base = List.of("xmppserver=localhost", "user=u", "controller=c", "tls=disabled");
        assertEquals(Map.of(), parse(base).labels());
        AgentConfig c = parse(with(base, "labels=role:web,dc:ams", "facts.interval=5"));
        assertEquals(Map.of("role", "web", "dc", "ams"), c.labels());
        assertEquals(5, c.factsIntervalSeconds());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(with(base, "labels=role"))).getMessage()
                .contains("labels: 'role' is not name:value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(with(base, "labels=os:win"))).getMessage()
                .contains("label 'os' takes the name of a fact"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(with(base, "facts.interval=0"))).getMessage()
                .contains("facts.interval must be a number of seconds"));
    }

    @Test
    void factsAreMeasured() {
        Map<String, String> f = Facts.measure();
        assertTrue(f.keySet().containsAll(List.of("hostname", "os", "kernel", "arch", "cores", "memory.mb")), f.toString());
        new org.wfe.agent.protocol.FactsReport(f, Map.of()); // within the bounds the controller enforces
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> l = new java.util.ArrayList<>(base);
        l.addAll(List.of(more));
        return l;
    }
}
