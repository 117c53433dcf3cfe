package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real agent: {@code java -jar wfe-agent.jar} in its own process, its log in a file. */
final class AgentProcess implements AutoCloseable {

    final String user;
    final Path log;
    final Process process;

    AgentProcess(Path dir, String host, int port, String domain, String user, String password, String tls, Path trustStore,
            String trustStorePassword) throws IOException {
        this(dir, host, port, domain, user, password, "controller", tls, trustStore, trustStorePassword);
    }

    AgentProcess(Path dir, String host, int port, String domain, String user, String password, String controller, String tls,
            Path trustStore, String trustStorePassword) throws IOException {
        this(dir, host, port, domain, user, password, controller, tls, trustStore, trustStorePassword, List.of());
    }

    /** @param extra more lines of the agent's configuration ({@code labels=role:web}) */
    AgentProcess(Path dir, String host, int port, String domain, String user, String password, String controller, String tls,
            Path trustStore, String trustStorePassword, List<String> extra) throws IOException {
        this.user = user;
        Path jar = Path.of(System.getProperty("wfe.agent.jar", "../agent/target/wfe-agent.jar"));
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException("no agent jar at " + jar.toAbsolutePath() + ": build bundles/agent first");
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("agent.properties");
        List<String> lines = new ArrayList<>(List.of("xmppserver=" + host, "port=" + port, "domain=" + domain, "user=" + user,
                "password=" + password, "controller=" + controller, "tls=" + tls, "workdir=" + dir.resolve("work")));
        if (trustStore != null) {
            lines.add("truststore=" + trustStore);
            lines.add("truststore.password=" + trustStorePassword);
        }
        lines.addAll(extra);
        Files.write(config, lines);
        log = dir.resolve("agent.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a test JVM that ends without closing us (a failed setUp, a timeout) must not leave the agent behind
        Process p = process;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-agent-" + user));
    }

    static AgentProcess start(Path dir, Xmpp x, String user) throws IOException {
        return new AgentProcess(dir.resolve(user), x.host, x.port, x.domain, user, x.password(user), "disabled", null, null);
    }

    /** An agent of the given controller account (its user name), on an account of its own. */
    static AgentProcess start(Path dir, Xmpp x, String user, String password, String controller) throws IOException {
        return new AgentProcess(dir.resolve(user), x.host, x.port, x.domain, user, password, controller, "disabled", null, null);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the controller sees this agent online. */
    AgentProcess awaitOnline(Controller ac) {
        await().atMost(Duration.ofSeconds(30)).failFast(() -> !process.isAlive())
                .until(() -> ac.agents().stream().anyMatch(a -> a.guid().equals(user) && a.online()));
        return this;
    }

    void signal(String sig) throws Exception {
        new ProcessBuilder("kill", "-s", sig, Long.toString(process.pid())).start().waitFor();
    }

    @Override
    public void close() throws Exception {
        signal("CONT");
        process.destroyForcibly();
        process.waitFor();
    }
}
