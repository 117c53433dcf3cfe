package org.wfe.ssh.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/** A plain SSHD client: connect, log in with a password or a key, run one command. */
final class SshTestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    record Result(int status, String out, String err) {
    }

    private final SshClient client = SshClient.setUpDefaultClient();
    final AtomicReference<PublicKey> serverKey = new AtomicReference<>();
    private final int port;

    SshTestClient(int port) {
        this(port, null);
    }

    /** {@code authMethods}: the only login methods the client may try (comma separated), null for SSHD's defaults. */
    SshTestClient(int port, String authMethods) {
        this.port = port;
        if (authMethods != null) {
            CoreModuleProperties.PREFERRED_AUTHS.set(client, authMethods);
        }
        client.setServerKeyVerifier((session, address, key) -> {
            serverKey.set(key);
            return true;
        });
        // Never offer the keys of whoever runs the build.
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
    }

    ClientSession connect(String user) throws IOException {
        return client.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession();
    }

    /** True when the server accepted the login; the session is closed either way unless accepted. */
    boolean login(ClientSession session, String password, KeyPair key) throws IOException {
        if (password != null) {
            session.addPasswordIdentity(password);
        }
        if (key != null) {
            session.addPublicKeyIdentity(key);
        }
        AuthFuture auth = session.auth();
        auth.await(TIMEOUT);
        return auth.isSuccess();
    }

    ClientSession loggedIn(String user, String password) throws IOException {
        ClientSession session = connect(user);
        if (!login(session, password, null)) {
            session.close();
            throw new IOException("login of " + user + " refused");
        }
        return session;
    }

    static Result exec(ClientSession session, String command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            Integer status = channel.getExitStatus();
            return new Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
