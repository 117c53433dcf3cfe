package org.wfe.ssh.impl;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;

import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.Users;

/**
 * Password logins through the engine's {@link Users} (the one password check; failures logged and throttled
 * there). SSH is the Gogo shell, which can stop the engine: only {@code admin} users get in; viewers and
 * operators use the Web Console or the HTTP API.
 */
final class UserPasswordAuthenticator implements PasswordAuthenticator {

    static final String ADMIN = Users.ADMIN;
    private static final Logger LOG = LoggerFactory.getLogger(UserPasswordAuthenticator.class);

    private final Supplier<Users> users;

    UserPasswordAuthenticator(Supplier<Users> users) {
        this.users = users;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        Users u = users.get();
        if (u == null) {
            LOG.warn("SSH password login refused: the user service is not running");
            return false;
        }
        String source = address(session.getClientAddress());
        Login login = u.login(username, password, source, "ssh");
        if (!login.accepted()) {
            return false;
        }
        if (login.user().role() != Role.ADMIN) {
            LOG.warn("SSH login refused for {} ({}) from {}: SSH is the Gogo shell, for admins only", username,
                    login.user().role().label(), source);
            return false;
        }
        return true;
    }

    static String address(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : String.valueOf(a);
    }
}
