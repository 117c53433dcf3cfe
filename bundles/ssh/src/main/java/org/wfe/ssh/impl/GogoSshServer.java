package org.wfe.ssh.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.felix.service.command.CommandProcessor;
import org.wfe.api.user.Users;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running SSH server that gives Gogo to its users: exec requests run one command, shell requests get the
 * interactive shell. Plain class (no OSGi) so tests and the benchmark ({@code ./wfe bench ssh}) can start it with
 * a bare Gogo runtime; public for the latter only.
 */
public final class GogoSshServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GogoSshServer.class);

    private final SshServer sshd;
    private final SshHome home;

    private GogoSshServer(SshServer sshd, SshHome home) {
        this.sshd = sshd;
        this.home = home;
    }

    /** Binds, then publishes the bound port in {@code var/run/ssh.port}. */
    public static GogoSshServer start(SshSettings settings, SshHome home, CommandProcessor processor,
            UnaryOperator<String> properties, Supplier<Users> users) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(settings.host());
        sshd.setPort(settings.port());
        sshd.setKeyPairProvider(hostKeys(home.hostKey()));
        sshd.setPasswordAuthenticator(new UserPasswordAuthenticator(users));
        sshd.setPublickeyAuthenticator(new AdminKeyAuthenticator(home.authorizedKeys()));
        // Only public key and password: SSHD would otherwise also offer keyboard-interactive (backed by the password
        // check) and host-based logins. No tunnels into the host either.
        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setAgentFactory(null);
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, settings.idleTimeout());
        // Small packets (a prompt, an exit status, EOF, close) must leave at once: with Nagle they wait for the
        // client's delayed ACK (~40 ms each): exec commands on one connection went from ~10/s to ~240/s here.
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.setCommandFactory((channel, command) -> new GogoExecCommand(processor, command));
        sshd.setShellFactory(channel -> new GogoShellCommand(processor, properties));
        try {
            sshd.start();
        } catch (IOException e) {
            // The bare BindException says "Address already in use" without saying which address.
            throw new IOException("SSH server cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage() + " (configure another port in org.wfe.ssh, or 0 for any free port)", e);
        }
        GogoSshServer server = new GogoSshServer(sshd, home);
        try {
            writePortFile(home.portFile(), sshd.getPort());
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return sshd.getPort();
    }

    /** The login methods the server offers, in its order of preference. */
    List<String> loginMethods() {
        return sshd.getUserAuthFactories().stream().map(f -> f.getName()).toList();
    }

    private static SimpleGeneratorHostKeyProvider hostKeys(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(file);
        // EC P-256 is generated in milliseconds and needs no extra bundle (Ed25519 would need net.i2p eddsa).
        provider.setAlgorithm("EC");
        provider.setKeySize(256);
        // Load (or generate) now so the key file exists as soon as the server runs, not at the first login.
        // SSHD logs a failure and returns no key: turn that into an activation error that names the file.
        if (provider.loadKeys(null).isEmpty()) {
            throw new IOException("no SSH host key could be loaded from or generated into " + file);
        }
        ownerOnly(file);
        return provider;
    }

    /** Temp file + atomic move: the launcher never reads a half-written port. */
    static void writePortFile(Path portFile, int port) throws IOException {
        Files.createDirectories(portFile.getParent());
        Path tmp = Files.createTempFile(portFile.getParent(), "ssh.port", ".tmp");
        try {
            Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("cannot restrict the permissions of {}", file, e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(home.portFile());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", home.portFile(), e.toString());
        }
        try {
            sshd.stop(true);
        } catch (IOException e) {
            LOG.warn("stopping the SSH server: {}", e.toString());
        }
    }
}
