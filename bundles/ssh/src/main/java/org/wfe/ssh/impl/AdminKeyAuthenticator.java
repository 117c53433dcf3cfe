package org.wfe.ssh.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;

import org.apache.sshd.common.util.io.ModifiableFileWatcher;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public-key login for {@code admin} with the keys of {@code etc/ssh/authorized_keys} (OpenSSH format). SSHD's own
 * {@link AuthorizedKeysAuthenticator} accepts any user name and ignores the file's permissions, so both are checked
 * here first: a file others may write to is refused, as OpenSSH does.
 */
final class AdminKeyAuthenticator implements PublickeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(AdminKeyAuthenticator.class);

    private final Path authorizedKeys;
    // Re-reads the file when it changes, so keys added while the engine runs work at once.
    private final AuthorizedKeysAuthenticator delegate;

    AdminKeyAuthenticator(Path authorizedKeys) {
        this.authorizedKeys = authorizedKeys;
        this.delegate = new AuthorizedKeysAuthenticator(authorizedKeys);
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        if (!UserPasswordAuthenticator.ADMIN.equals(username) || key == null || !Files.isRegularFile(authorizedKeys)) {
            return false;
        }
        try {
            Map.Entry<String, Object> violation = ModifiableFileWatcher.validateStrictConfigFilePermissions(authorizedKeys);
            if (violation != null) {
                LOG.warn("SSH key login refused: {} is not private ({}: {})", authorizedKeys, violation.getKey(),
                        violation.getValue());
                return false;
            }
        } catch (IOException e) {
            LOG.warn("SSH key login refused: cannot check {}: {}", authorizedKeys, e.toString());
            return false;
        }
        return delegate.authenticate(username, key, session);
    }
}
