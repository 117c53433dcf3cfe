package org.wfe.agent.controller.impl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.XmppSettings;

/**
 * The test Prosody of {@code cnf/services/services.sh}, from the environment (WFE_TEST_XMPP_*), or its ejabberd
 * when {@code WFE_TEST_XMPP_SERVER=ejabberd} ({@code services.sh env DIR ejabberd} points the variables there). Absent:
 * the XMPP tests fail when {@code CI} is set, else they are skipped.
 */
final class Xmpp {

    final String host = env("WFE_TEST_XMPP_HOST");
    final int port = Integer.parseInt(env("WFE_TEST_XMPP_PORT"));
    final String domain = env("WFE_TEST_XMPP_DOMAIN");

    private Xmpp() {
    }

    static Xmpp require() {
        if (System.getenv("WFE_TEST_XMPP_PORT") == null) {
            String why = "no test XMPP server: start one with cnf/services/services.sh start DIR and export its services.env";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return new Xmpp();
    }

    String password(String user) {
        return env("WFE_TEST_XMPP_PASSWORD_" + user.toUpperCase(Locale.ROOT));
    }

    XmppSettings controller() {
        return new XmppSettings(host, port, domain, "controller", password("controller"), Protocol.CONTROLLER_RESOURCE,
                "disabled", null, null);
    }

    XmppSettings as(String user, String resource) {
        return as(user, password(user), resource);
    }

    XmppSettings as(String user, String password, String resource) {
        return new XmppSettings(host, port, domain, user, password, resource, "disabled", null, null);
    }

    /**
     * Registers a new account (empty roster) on the running server, the way services.sh registers its own;
     * returns its password. A test that needs rosters no earlier test has touched uses these.
     */
    String register(String user) throws Exception {
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        if (ejabberd()) {
            // ejabberd refuses to register a name twice (prosodyctl overwrites): a test's second run, or a test
            // registering again to reset an account, starts from a fresh one
            new ProcessBuilder(env("WFE_TEST_EJABBERD_CTL"), "unregister", user, domain).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            run("ejabberdctl register " + user, env("WFE_TEST_EJABBERD_CTL"), "register", user, domain, password);
        } else {
            run("prosodyctl register " + user, "prosodyctl", "--config", env("WFE_TEST_PROSODY_CONFIG"), "register", user, domain, password);
        }
        return password;
    }

    /** The suites run against Prosody, or against ejabberd ({@code services.sh env DIR ejabberd}). */
    static boolean ejabberd() {
        return "ejabberd".equals(System.getenv("WFE_TEST_XMPP_SERVER"));
    }

    private static void run(String what, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(what + " failed: " + out);
        }
    }

    /**
     * Registers many accounts with one password at once (a swarm's): written into Prosody's data folder, which
     * takes milliseconds where prosodyctl takes 0.4 s per account. Returns the password.
     */
    String registerMany(java.util.Collection<String> users) throws Exception {
        if (ejabberd()) {
            return registerInBand(users);
        }
        Path config = Path.of(env("WFE_TEST_PROSODY_CONFIG"));
        Matcher m = Pattern.compile("data_path\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(config));
        if (!m.find()) {
            throw new IllegalStateException("no data_path in " + config);
        }
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        org.wfe.agent.swarm.ProsodyAccounts.write(Path.of(m.group(1)), domain, users, password);
        return password;
    }

    /** ejabberd: in-band registration (XEP-0077), which the test server allows from loopback; one stream per account. */
    private String registerInBand(java.util.Collection<String> users) throws Exception {
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        for (String u : users) {
            org.jivesoftware.smack.tcp.XMPPTCPConnection c = new org.jivesoftware.smack.tcp.XMPPTCPConnection(
                    as(u, password, "register").toConfiguration());
            try {
                c.connect();
                org.jivesoftware.smackx.iqregister.AccountManager am = org.jivesoftware.smackx.iqregister.AccountManager.getInstance(c);
                am.sensitiveOperationOverInsecureConnection(true); // loopback, plain: a throw-away test server
                am.createAccount(org.jxmpp.jid.parts.Localpart.from(u), password);
            } finally {
                c.disconnect();
            }
        }
        return password;
    }

    /** Stops the server (SIGTERM) and starts it again with the same config; returns once it accepts connections. */
    void restart() throws Exception {
        if (ejabberd()) {
            // the node stays, its XMPP application restarts: every session is cut, as when the server restarts
            run("ejabberdctl restart", env("WFE_TEST_EJABBERD_CTL"), "restart");
            run("ejabberdctl started", env("WFE_TEST_EJABBERD_CTL"), "started");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(this::accepting);
            return;
        }
        Path config = Path.of(env("WFE_TEST_PROSODY_CONFIG"));
        Matcher m = Pattern.compile("pidfile\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(config));
        if (!m.find()) {
            throw new IllegalStateException("no pidfile in " + config);
        }
        Path pidFile = Path.of(m.group(1));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle ph = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("prosody " + pid + " is not running"));
        ph.destroy();
        try {
            ph.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // a loaded machine can make a graceful shutdown slow: a crash restarts it just as well
            ph.destroyForcibly();
            ph.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        Process p = new ProcessBuilder("prosody", "--config", config.toString(), "-D").redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("prosody did not start again: " + new String(p.getInputStream().readAllBytes()));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(this::accepting);
    }

    boolean accepting() {
        try (Socket s = new Socket(host, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String k) {
        String v = System.getenv(k);
        if (v == null) {
            throw new IllegalStateException("environment variable " + k + " is not set (see cnf/services/services.sh)");
        }
        return v;
    }
}
