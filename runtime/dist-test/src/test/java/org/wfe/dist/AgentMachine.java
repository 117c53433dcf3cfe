package org.wfe.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second "machine" for the agent: its own folder (outside the engine's), its own configuration and, when
 * the test runs as root, its own throw-away system user; the agent runs from the unpacked agent archive.
 * Also the XMPP accounts: fresh ones registered in the test Prosody, so concurrent test runs sharing it do
 * not log each other out.
 */
final class AgentMachine implements AutoCloseable {
    static final String SUFFIX = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));

    final Path dir;
    final Path folder;
    final String user;        // the throw-away user, or null: the agent runs as the test's user
    final String userSkipped; // why no throw-away user, or null
    private Process agent;

    private AgentMachine(Path dir, String user, String userSkipped) {
        this.dir = dir;
        this.folder = dir.resolve("wfe-agent");
        this.user = user;
        this.userSkipped = userSkipped;
    }

    /** The XMPP side: a fresh account when prosodyctl can register one, else one of services.sh's accounts. */
    record Account(String name, String password, boolean registered) {
    }

    static Account account(String prefix, String fallbackName) throws IOException, InterruptedException {
        String cfg = System.getenv("WFE_TEST_PROSODY_CONFIG");
        String name = prefix + "-" + SUFFIX;
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        if (cfg != null) {
            Proc.Result r = Proc.run(Path.of("/"), Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin"), "prosodyctl", "--config", cfg,
                    "register", name, System.getenv().getOrDefault("WFE_TEST_XMPP_DOMAIN", "localhost"), password);
            if (r.exit() == 0) {
                return new Account(name, password, true);
            }
            System.out.println("dist-test: prosodyctl register failed, using the shared account " + fallbackName + ": " + r.all());
        }
        return new Account(fallbackName, System.getenv("WFE_TEST_XMPP_PASSWORD_" + fallbackName.toUpperCase()), false);
    }

    static void unregister(Account a) throws IOException, InterruptedException {
        String cfg = System.getenv("WFE_TEST_PROSODY_CONFIG");
        if (a != null && a.registered() && cfg != null) {
            Proc.run(Path.of("/"), Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin"), "prosodyctl", "--config", cfg, "deluser",
                    a.name() + "@" + System.getenv().getOrDefault("WFE_TEST_XMPP_DOMAIN", "localhost"));
        }
    }

    /** Unpacks the agent archive into a new folder readable by another user, and creates that user when root. */
    static AgentMachine unpack(Path archive) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "wfe-dist-agent-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String user = null;
        String skipped = null;
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        if (!"0".equals(Proc.run(dir, env, "id", "-u").out().strip())) {
            skipped = "not running as root: cannot create a throw-away user, the agent runs as " + System.getProperty("user.name");
        } else {
            user = "wfedist" + SUFFIX;
            Proc.ok(Proc.run(dir, env, "useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                    "/usr/sbin/nologin", user), "useradd " + user);
        }
        AgentMachine m = new AgentMachine(dir, user, skipped);
        Files.createDirectories(m.folder);
        Proc.ok(Proc.run(m.folder, env, "tar", "-xzf", archive.toString(), "--strip-components=1"), "unpacking the agent archive");
        return m;
    }

    /** Writes etc/agent.properties (mode 600) from the archive's template, as an operator would. */
    void configure(String xmppHost, String port, String domain, Account agent, String controller) throws IOException {
        String t = Files.readString(folder.resolve("etc/agent.properties.template"));
        t = t.replace("xmppserver=xmpp.example.org", "xmppserver=" + xmppHost).replace("port=5222", "port=" + port)
                .replace("#domain=example.org", "domain=" + domain).replace("user=agent1", "user=" + agent.name())
                .replace("password=CHANGE-ME", "password=" + agent.password()).replace("controller=controller", "controller=" + controller)
                .replace("tls=required", "tls=disabled");
        Path p = folder.resolve("etc/agent.properties");
        Files.writeString(p, t);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }

    /** Starts bin/wfe-agent in the background, as the throw-away user when there is one. */
    void start() throws IOException, InterruptedException {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        List<String> cmd = new ArrayList<>();
        if (user != null) {
            Proc.ok(Proc.run(dir, env, "chown", "-R", user + ":", folder.toString()), "chown");
            String uid = Proc.run(dir, env, "id", "-u", user).out().strip();
            String gid = Proc.run(dir, env, "id", "-g", user).out().strip();
            // setpriv execs (no child process): destroying the Process signals the agent itself
            cmd.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        }
        cmd.add(folder.resolve("bin/wfe-agent").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(folder.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", folder.toString(), "JAVA_HOME", System.getProperty("java.home")));
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        agent = pb.start();
    }

    String log() throws IOException {
        Path l = dir.resolve("agent.log");
        return Files.exists(l) ? Files.readString(l) : "";
    }

    boolean running() {
        return agent != null && agent.isAlive();
    }

    @Override
    public void close() throws Exception {
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS)) {
                agent.destroyForcibly().waitFor();
            }
        }
        if (user != null) {
            Proc.run(dir, Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin"), "userdel", user);
        }
        Proc.run(Path.of("/"), Map.of("PATH", "/usr/bin:/bin"), "rm", "-rf", dir.toString());
    }
}
