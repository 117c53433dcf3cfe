package org.wfe.bench.agents;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.wfe.bench.BenchContext;

/**
 * Prosody and agent processes for the agent benchmark: the test server of services.env when there is
 * one (WFE_TEST_XMPP_*), else a private Prosody started here (plain, loopback, no smacks) and stopped
 * afterwards; then one {@code java -jar wfe-agent.jar} per agent account.
 */
final class AgentRig implements AutoCloseable {

    final String host = "127.0.0.1";
    final String domain;
    final int port;
    final Map<String, String> passwords = new LinkedHashMap<>();
    private final List<Process> agents = new ArrayList<>();
    private Path pidFile;
    private final Path sharedProsodyPidFile;

    AgentRig(BenchContext ctx, int agentCount) throws Exception {
        Map<String, String> env = ctx.env();
        String sharedConfig = env.get("WFE_TEST_PROSODY_CONFIG");
        sharedProsodyPidFile = sharedConfig == null ? null : Path.of(sharedConfig).resolveSibling("prosody.pid");
        if (env.get("WFE_TEST_XMPP_PORT") != null) {
            domain = env.get("WFE_TEST_XMPP_DOMAIN");
            port = Integer.parseInt(env.get("WFE_TEST_XMPP_PORT"));
            passwords.put("controller", env.get("WFE_TEST_XMPP_PASSWORD_CONTROLLER"));
            for (int i = 1; i <= agentCount; i++) {
                passwords.put("agent" + i, env.get("WFE_TEST_XMPP_PASSWORD_AGENT" + i));
            }
        } else {
            domain = "localhost";
            port = privateProsody(ctx.scratch().resolve("prosody"), agentCount);
        }
        Path jar = ctx.checkout().resolve("bundles/agent/target/wfe-agent.jar");
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": build bundles/agent first");
        }
        String java = ctx.javaHome().resolve("bin/java").toString();
        for (int i = 1; i <= agentCount; i++) {
            String user = "agent" + i;
            Path dir = Files.createDirectories(ctx.scratch().resolve(user));
            // the agent refuses a password on its command line (ps shows it): the environment carries it
            ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "xmppserver=" + host, "port=" + port,
                    "domain=" + domain, "user=" + user, "controller=controller", "tls=disabled", "workdir=" + dir.resolve("work"));
            pb.environment().put("WFE_AGENT_PASSWORD", passwords.get(user));
            agents.add(pb.redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start());
        }
    }

    private int privateProsody(Path dir, int agentCount) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        int p;
        try (ServerSocket s = new ServerSocket(0)) {
            p = s.getLocalPort();
        }
        pidFile = dir.resolve("prosody.pid");
        Path cfg = dir.resolve("prosody.cfg.lua");
        Files.writeString(cfg, String.join("\n", "pidfile = \"" + pidFile + "\"", "data_path = \"" + dir.resolve("data") + "\"",
                "run_as_root = true", "interfaces = { \"127.0.0.1\" }", "c2s_interfaces = { \"127.0.0.1\" }", "c2s_ports = { " + p + " }",
                "modules_enabled = { \"roster\"; \"saslauth\"; \"disco\"; \"ping\"; \"posix\" }",
                "modules_disabled = { \"s2s\"; \"offline\"; \"smacks\"; \"tls\" }", "authentication = \"internal_hashed\"",
                "storage = \"internal\"", "c2s_require_encryption = false", "network_settings = { nagle = false }",
                "log = { { levels = { min = \"warn\" }, to = \"file\", filename = \"" + dir.resolve("prosody.log") + "\" } }",
                "VirtualHost \"localhost\"", ""));
        List<String> users = new ArrayList<>(List.of("controller"));
        for (int i = 1; i <= agentCount; i++) {
            users.add("agent" + i);
        }
        for (String u : users) {
            String pass = "bench-" + u + "-" + Long.toHexString(System.nanoTime());
            run("prosodyctl", "--config", cfg.toString(), "register", u, "localhost", pass);
            passwords.put(u, pass);
        }
        run("prosody", "--config", cfg.toString(), "-D");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(host, p)) {
                return p;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the private Prosody does not answer on port " + p + " (see " + dir.resolve("prosody.log") + ")");
    }

    private static void run(String... cmd) throws Exception {
        Process pr;
        try {
            pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the agent benchmark needs Prosody (apt-get install prosody lua-unbound) or "
                    + "WFE_TEST_XMPP_* from cnf/services/services.sh: " + e.getMessage(), e);
        }
        String out = new String(pr.getInputStream().readAllBytes());
        if (pr.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    /** CPU time so far (ms) of this process, its reaped children, agent1, agent1's reaped children (scripts), Prosody. */
    Cpu cpu() throws IOException {
        Path pf = pidFile != null ? pidFile : sharedProsodyPidFile;
        long prosody = pf != null && Files.isReadable(pf) ? Long.parseLong(Files.readString(pf).strip()) : -1;
        long self = ProcessHandle.current().pid();
        long agent = agents.getFirst().pid();
        return new Cpu(millis(self, false), millis(self, true), millis(agent, false), millis(agent, true), millis(prosody, false));
    }

    record Cpu(double engine, double engineChildren, double agent, double scripts, double prosody) {
        Cpu minus(Cpu o) {
            return new Cpu(engine - o.engine, engineChildren - o.engineChildren, agent - o.agent, scripts - o.scripts, prosody - o.prosody);
        }
    }

    /** utime+stime (or cutime+cstime) from /proc, in clock ticks of 10 ms; NaN when unknown. */
    private static double millis(long pid, boolean children) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (pid <= 0 || !Files.isReadable(stat)) {
            return Double.NaN;
        }
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        int i = children ? 13 : 11;
        return (Long.parseLong(f[i]) + Long.parseLong(f[i + 1])) * 10.0;
    }

    @Override
    public void close() throws Exception {
        for (Process a : agents) {
            a.destroy();
        }
        for (Process a : agents) {
            a.waitFor();
        }
        if (pidFile != null && Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroy);
        }
    }
}
