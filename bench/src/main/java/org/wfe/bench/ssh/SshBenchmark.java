package org.wfe.bench.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.ssh.impl.GogoSshServer;
import org.wfe.ssh.impl.SshHome;
import org.wfe.ssh.impl.SshSettings;

/**
 * The engine's SSH server (a Gogo session per command) outside OSGi, next to a bare SSHD server on the same host key
 * and authorized keys whose command only writes its answer: (1) the round trip of one {@code ./wfe exec} (OpenSSH:
 * connect, key exchange, key login, command), median; (2) commands per second over one open connection (SSHD client).
 * The ratio is the cost of the Gogo session; the rest is SSH itself.
 */
public final class SshBenchmark implements Benchmark {

    static final int ROUND_TRIPS = 31;
    static final int WARMUP = 5;
    static final int COMMANDS = 1_000;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public String description() {
        return "remote Gogo over SSH: ./wfe exec round trip (OpenSSH) and exec commands/s on one connection, vs bare SSHD";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        SshHome home = new SshHome(ctx.scratch().resolve("home"));
        Files.createDirectories(home.authorizedKeys().getParent());
        KeyPair javaKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Path opensshKey = home.root().resolve("etc/ssh/client_key");
        boolean openssh = sshKeygen(opensshKey);
        String keys = PublicKeyEntry.toString(javaKey.getPublic()) + "\n"
                + (openssh ? Files.readString(opensshKey.resolveSibling("client_key.pub")) : "");
        Files.writeString(home.authorizedKeys(), keys);
        Files.setPosixFilePermissions(home.authorizedKeys(), PosixFilePermissions.fromString("rw-------"));

        ThreadIOImpl threadIO = new ThreadIOImpl();
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("bench", new Commands());
        List<Figure> figures = new ArrayList<>();
        try (GogoSshServer gogo = GogoSshServer.start(new SshSettings(true, "127.0.0.1", 0, Duration.ZERO), home,
                processor, System::getProperty, () -> null); // key logins only: no password users
                Bare bare = new Bare(home)) {
            if (openssh) {
                double[] ms = roundTrips(opensshKey, gogo.port(), bare.port());
                figures.add(Figure.time("./wfe exec round trip (OpenSSH), median", ms[0], ms[1], "ms")
                        .withNote("connect + key exchange + key login + `echo x`; ceiling: bare SSHD command"));
            } else {
                figures.add(Figure.time("./wfe exec round trip (OpenSSH), median", Double.NaN, Double.NaN, "ms")
                        .withNote("skipped: no ssh/ssh-keygen on PATH"));
            }
            double gogoRate = commandsPerSecond(javaKey, gogo.port());
            double bareRate = commandsPerSecond(javaKey, bare.port());
            figures.add(Figure.rate("exec commands on one SSH connection (SSHD client)", gogoRate, bareRate, "cmd/s")
                    .withNote(COMMANDS + " sequential `echo x`, a Gogo session each; ceiling: bare SSHD command"));
        } finally {
            processor.stop();
            threadIO.stop();
        }
        return figures;
    }

    private static boolean sshKeygen(Path key) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", key.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Medians in ms, {gogo, bare}; calls alternate between both servers so machine noise hits both alike. */
    private static double[] roundTrips(Path key, int gogoPort, int barePort) throws Exception {
        double[] gogo = new double[ROUND_TRIPS];
        double[] bare = new double[ROUND_TRIPS];
        for (int i = -WARMUP; i < ROUND_TRIPS; i++) {
            double g = openssh(key, gogoPort);
            double b = openssh(key, barePort);
            if (i >= 0) {
                gogo[i] = g;
                bare[i] = b;
            }
        }
        return new double[] {median(gogo), median(bare)};
    }

    private static double openssh(Path key, int port) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("ssh", "-p", String.valueOf(port), "-i", key.toString(), "-o",
                "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o",
                "BatchMode=yes", "admin@127.0.0.1", "echo x").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.strip().equals("x")) {
            throw new IllegalStateException("ssh to port " + port + " failed (exit " + p.exitValue() + "): " + out);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double commandsPerSecond(KeyPair key, int port) throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((s, a, k) -> true);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
        try (ClientSession session = client.connect("admin", "127.0.0.1", port).verify(TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(key);
            session.auth().verify(TIMEOUT);
            for (int i = 0; i < 50; i++) {
                exec(session);
            }
            long start = System.nanoTime();
            for (int i = 0; i < COMMANDS; i++) {
                exec(session);
            }
            return COMMANDS / ((System.nanoTime() - start) / 1e9);
        } finally {
            client.stop();
        }
    }

    private static void exec(ClientSession session) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel("echo x")) {
            channel.setOut(out);
            channel.setErr(out);
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            if (!Integer.valueOf(0).equals(channel.getExitStatus()) || !out.toString(StandardCharsets.UTF_8).strip().equals("x")) {
                throw new IllegalStateException("exec failed: " + channel.getExitStatus() + " " + out);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The Gogo command of the benchmark; public because Gogo calls it by reflection. */
    public static final class Commands {
        public String echo(String word) {
            return word;
        }
    }

    /** SSHD with the same host key and authorized keys, whose every command just answers "x". */
    private static final class Bare implements AutoCloseable {
        private final SshServer sshd = SshServer.setUpDefaultServer();

        Bare(SshHome home) throws IOException {
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(home.hostKey()));
            sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(home.authorizedKeys()));
            sshd.setCommandFactory((channel, command) -> new Answer());
            // As the engine's server does: without it every exec waits for delayed ACKs.
            CoreModuleProperties.TCP_NODELAY.set(sshd, true);
            sshd.start();
        }

        int port() {
            return sshd.getPort();
        }

        @Override
        public void close() throws IOException {
            sshd.stop(true);
        }
    }

    private static final class Answer implements Command {
        private OutputStream out;
        private ExitCallback exit;

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            out.write("x\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            exit.onExit(0);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
