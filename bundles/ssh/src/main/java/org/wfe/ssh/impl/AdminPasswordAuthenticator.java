package org.wfe.ssh.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password login for the single user {@code admin}, checked against the trimmed content of
 * {@code etc/admin.password}. The file is read at every attempt so that a password changed (or generated late by the
 * launcher) applies at once; without the file password logins are refused. Passwords are never logged.
 */
final class AdminPasswordAuthenticator implements PasswordAuthenticator {

    static final String ADMIN = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminPasswordAuthenticator.class);

    private final Path passwordFile;

    AdminPasswordAuthenticator(Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        if (!ADMIN.equals(username) || password == null) {
            return false;
        }
        String expected;
        try {
            expected = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            LOG.warn("SSH password login refused: {} does not exist", passwordFile);
            return false;
        } catch (IOException e) {
            LOG.warn("SSH password login refused: cannot read {}: {}", passwordFile, e.toString());
            return false;
        }
        if (expected.isEmpty()) {
            LOG.warn("SSH password login refused: {} is empty", passwordFile);
            return false;
        }
        // Comparing digests keeps the time independent of both lengths, not only of the common prefix.
        return MessageDigest.isEqual(sha256(expected), sha256(password));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
