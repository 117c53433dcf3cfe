package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.XmppSettings;
import org.wfe.api.agent.ScriptResult;

/**
 * TLS end to end: a private Prosody that requires TLS, its certificate signed by a CA made here with
 * openssl, the CA in a PKCS12 trust store made with keytool; controller and a real agent trust only it.
 */
class TlsTest {

    private static final String STORE_PASSWORD = "store-secret";

    @TempDir
    Path dir;
    Process prosody;
    Path pidFile;
    int port;
    Path trustStore;

    @BeforeEach
    void startTlsServer() throws Exception {
        Xmpp.require(); // prosody is installed where the test XMPP server runs
        Path certs = Files.createDirectories(dir.resolve("certs"));
        run(certs, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=wfe test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(certs, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "localhost.key",
                "-out", "localhost.csr");
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        run(certs, "openssl", "x509", "-req", "-in", "localhost.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "localhost.crt");
        trustStore = dir.resolve("trust.p12");
        run(certs, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "wfe-ca", "-file", "ca.crt", "-keystore", trustStore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        pidFile = dir.resolve("prosody.pid");
        Path cfg = dir.resolve("prosody.cfg.lua");
        Files.writeString(cfg, String.join("\n",
                "pidfile = \"" + pidFile + "\"", "data_path = \"" + data + "\"", "certificates = \"" + certs + "\"",
                "run_as_root = true", "interfaces = { \"127.0.0.1\" }", "c2s_interfaces = { \"127.0.0.1\" }",
                "c2s_ports = { " + port + " }",
                "modules_enabled = { \"roster\"; \"saslauth\"; \"tls\"; \"disco\"; \"ping\"; \"posix\" }",
                "modules_disabled = { \"s2s\"; \"offline\"; \"smacks\" }", "authentication = \"internal_hashed\"",
                "storage = \"internal\"", "c2s_require_encryption = true", "network_settings = { nagle = false }",
                "ssl = { certificate = \"" + certs.resolve("localhost.crt") + "\"; key = \"" + certs.resolve("localhost.key") + "\" }",
                "log = { { levels = { min = \"warn\" }, to = \"file\", filename = \"" + dir.resolve("prosody.log") + "\" } }",
                "VirtualHost \"localhost\"", ""));
        for (String user : List.of("controller", "agent1")) {
            run(dir, "prosodyctl", "--config", cfg.toString(), "register", user, "localhost", user + "-tls-secret");
        }
        run(dir, "prosody", "--config", cfg.toString(), "-D");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stopTlsServer() throws Exception {
        if (pidFile != null && Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroy);
        }
    }

    private XmppSettings settings(String user, String resource, Path store) {
        return new XmppSettings("127.0.0.1", port, "localhost", user, user + "-tls-secret", resource, "required", store,
                store == null ? null : STORE_PASSWORD);
    }

    @Test
    void controllerAndAgentTalkOverTlsTrustingOnlyTheTestCa() throws Exception {
        try (Jobs jobs = new Jobs(dir.resolve("db"));
                AgentProcess agent = new AgentProcess(dir.resolve("agent1"), "127.0.0.1", port, "localhost", "agent1",
                        "agent1-tls-secret", "required", trustStore, STORE_PASSWORD)) {
            Controller ac = new Controller(jobs.jobs, Settings.localOnly(dir.resolve("local"))
                    .withXmpp(settings("controller", Protocol.CONTROLLER_RESOURCE, trustStore)));
            ac.accept("agent1");
            try {
                agent.awaitOnline(ac);
                ScriptResult r = ac.executeScript("agent1", "a.b.tls", "echo secure", Map.of(), null, jobs.parent());
                assertEquals("secure\n", r.stdout());
                assertTrue(!agent.log().contains("tls-secret"), "the agent never logs its password");
            } finally {
                ac.close();
            }
        }
    }

    @Test
    void withoutTheTrustStoreTheServerIsNotTrusted() {
        XMPPTCPConnection c = new XMPPTCPConnection(settings("controller", "untrusting", null).toConfiguration());
        try {
            Exception e = assertThrows(Exception.class, () -> c.connect().login());
            assertTrue(String.valueOf(e).contains("SSL") || String.valueOf(e.getCause()).contains("SSL")
                    || String.valueOf(e).contains("ertificat") || String.valueOf(e.getCause()).contains("ertificat"), e.toString());
        } finally {
            c.disconnect();
        }
    }

    private static void run(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
