package org.wfe.bench.agents;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.wfe.agent.swarm.ProsodyAccounts;
import org.wfe.agent.swarm.Swarm;
import org.wfe.bench.BenchContext;

/**
 * A private Prosody of its own (the same configuration as services.sh's, written by cnf/scripts/prosody-config.sh),
 * accounts written into its data folder (one password for all), and agents: a swarm of N in one JVM
 * ({@code SwarmMain} from wfe-agent.jar) or one agent process with the agent's launch flags.
 */
final class SwarmRig implements AutoCloseable {

    final String host = "127.0.0.1";
    final String domain = "localhost";
    final String password = "bench-" + Long.toHexString(System.nanoTime());
    final int port;
    private final BenchContext ctx;
    private final Path dir;
    private final Path config;
    private final List<Process> processes = new ArrayList<>();

    SwarmRig(BenchContext ctx, List<String> users) throws Exception {
        this.ctx = ctx;
        this.dir = Files.createDirectories(ctx.scratch().resolve("prosody"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        config = dir.resolve("prosody.cfg.lua");
        Path script = ctx.checkout().resolve("cnf/scripts/prosody-config.sh");
        run("bash", "-c", ". \"$0\" && prosody_config \"$1\" \"$2\" \"$3\" localhost warn 'the swarm benchmark'", script.toString(),
                config.toString(), dir.toString(), Integer.toString(port));
        ProsodyAccounts.write(dir.resolve("data"), domain, users, password);
        startProsody();
    }

    void startProsody() throws Exception {
        run("prosody", "--config", config.toString(), "-D");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(host, port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the private Prosody does not answer on port " + port + " (see " + dir.resolve("prosody.log") + ")");
    }

    /** SIGTERM, wait until it is gone: every session is cut. */
    void stopProsody() throws Exception {
        Path pid = dir.resolve("prosody.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ph -> {
                ph.destroy();
                ph.onExit().join();
            });
        }
    }

    private List<String> agentJava() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ctx.javaHome().resolve("bin/java").toString()));
        return cmd;
    }

    private Path jar() {
        Path jar = ctx.checkout().resolve("bundles/agent/target/wfe-agent.jar");
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": build bundles/agent first");
        }
        return jar;
    }

    private List<String> settings(String user, Path work) {
        return List.of("xmppserver=" + host, "port=" + port, "domain=" + domain, "user=" + user, "controller=controller",
                "tls=disabled", "workdir=" + work);
    }

    /** N agents PREFIX1..PREFIXN in one JVM (the caller waits for them through the controller). */
    Process swarm(String prefix, int count) throws Exception {
        List<String> cmd = agentJava();
        cmd.addAll(List.of("-Xss256k", "-Xmx1g", "-XX:+UseSerialGC", "-cp", jar().toString(), "org.wfe.agent.swarm.SwarmMain",
                "count=" + count, "prefix=" + prefix));
        cmd.addAll(settings(prefix, ctx.scratch().resolve("swarm")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ctx.scratch().resolve("swarm.log").toFile())
                .redirectOutput(ctx.scratch().resolve("swarm.out").toFile());
        pb.environment().put("WFE_AGENT_PASSWORD", password);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    Path log() {
        return ctx.scratch().resolve("swarm.log");
    }

    /** One agent process as an operator starts it, with {@code flags} (the agent.jvm argfile, or none). */
    Process single(String user, List<String> flags) throws Exception {
        List<String> cmd = agentJava();
        cmd.addAll(flags);
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(settings(user, ctx.scratch().resolve(user)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ctx.scratch().resolve(user + ".log").toFile());
        pb.environment().put("WFE_AGENT_PASSWORD", password);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    Path argFile() {
        return ctx.checkout().resolve("cnf/dist/agent.jvm");
    }

    /** Resident memory (VmRSS) of a process, in MB. */
    static double rssMb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    static void run(String... cmd) throws Exception {
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes());
        if (pr.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    static List<String> users(String prefix, int count, String... more) {
        List<String> u = new ArrayList<>(Swarm.users(prefix, count));
        u.addAll(List.of(more));
        return u;
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        stopProsody();
    }
}
