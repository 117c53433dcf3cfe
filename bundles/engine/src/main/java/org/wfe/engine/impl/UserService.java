package org.wfe.engine.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.user.Audit;
import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.User;
import org.wfe.api.user.Users;

/**
 * The one password check of the engine (HTTP API, Web Console and SSH all ask it). {@code admin}'s password is
 * the content of {@code etc/admin.password}, read at every check so that a change applies at once everywhere;
 * other users are in {@link UserFile}. A slow hash on every request would make each console page cost a third
 * of a second, so a login that succeeded is remembered as an HMAC of its password under a key that lives only
 * in memory, valid while the stored hash stays the same.
 */
@Component(service = Users.class)
public class UserService implements Users {

    static final int MIN_PASSWORD = 8;
    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);

    @Reference
    Audit audit;

    private Path adminPassword;
    private UserFile file;
    // per source and user name: a guesser at admin does not lock out the other users of the same host;
    // per source too, so that spraying many names from one address is slowed as well
    private LoginThrottle accounts;
    private LoginThrottle sources;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final byte[] macKey = new byte[32];

    @Activate
    void activate(BundleContext ctx) {
        Home home = Home.of(ctx);
        init(home.adminPassword(), home.etc().resolve("users.properties"), Clock.systemUTC());
    }

    static UserService at(Path adminPassword, Path usersFile, Clock clock, Audit audit) {
        UserService s = new UserService();
        s.audit = audit;
        s.init(adminPassword, usersFile, clock);
        return s;
    }

    private void init(Path admin, Path users, Clock clock) {
        adminPassword = admin;
        file = new UserFile(users);
        accounts = new LoginThrottle(clock, LoginThrottle.FREE_FAILURES);
        sources = new LoginThrottle(clock, LoginThrottle.FREE_SOURCE_FAILURES);
        new SecureRandom().nextBytes(macKey);
    }

    @Override
    public Login login(String name, String password, String source, String channel) {
        String account = source + " " + name;
        Duration wait = max(accounts.waitFor(account), sources.waitFor(source));
        if (wait.isPositive()) {
            LOG.warn("login refused unchecked: user '{}' from {} via {}: too many failures from this address, retry in {} s",
                    AuditLog.escape(name), source, channel, Math.max(1, wait.toSeconds()));
            return Login.throttled(wait);
        }
        User user = check(name, password);
        if (user != null) {
            accounts.succeeded(account); // not the source: one known account must not reset a guesser's count
            return new Login(user, Duration.ZERO);
        }
        int failures = accounts.failed(account);
        sources.failed(source);
        Duration next = max(accounts.waitFor(account), sources.waitFor(source));
        LOG.warn("login refused: user '{}' from {} via {} ({} failure(s) in a row for this user from this address{})",
                AuditLog.escape(name), source, channel, failures,
                next.isPositive() ? "; its next attempt is not checked for " + next.toSeconds() + " s" : "");
        audit.record(name, source, "login refused via " + channel + " (" + failures + " in a row)");
        return Login.refused();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private User check(String name, String password) {
        if (name == null || password == null || password.isEmpty()) {
            return null;
        }
        if (ADMIN.equals(name)) {
            String expected = adminPassword();
            return expected != null && PasswordHash.sameText(expected, password) ? new User(ADMIN, Role.ADMIN) : null;
        }
        UserFile.Entry e = file.entries().get(name);
        if (e == null) {
            PasswordHash.burn(password); // as slow as a wrong password: the answer time tells no names
            return null;
        }
        byte[] mac = mac(e.hash(), password);
        byte[] known = verified.get(name);
        if (known != null && MessageDigest.isEqual(known, mac)) {
            return new User(name, e.role());
        }
        if (!PasswordHash.verify(e.hash(), password)) {
            return null;
        }
        verified.put(name, mac);
        return new User(name, e.role());
    }

    /** The admin password, or null (with a log line) when there is none yet: then nobody logs in as admin. */
    private String adminPassword() {
        try {
            String pw = Files.readString(adminPassword, StandardCharsets.UTF_8).strip();
            if (pw.isEmpty()) {
                LOG.warn("admin login refused: {} is empty", adminPassword);
                return null;
            }
            return pw;
        } catch (NoSuchFileException e) {
            LOG.warn("admin login refused: {} does not exist", adminPassword);
        } catch (IOException e) {
            LOG.warn("admin login refused: cannot read {}: {}", adminPassword, e.toString());
        }
        return null;
    }

    private byte[] mac(String hash, String password) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(macKey, "HmacSHA256"));
            m.update(hash.getBytes(StandardCharsets.UTF_8));
            m.update((byte) 0);
            return m.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    @Override
    public User find(String name) {
        if (ADMIN.equals(name)) {
            return new User(ADMIN, Role.ADMIN);
        }
        UserFile.Entry e = name == null ? null : file.entries().get(name);
        return e == null ? null : new User(e.name(), e.role());
    }

    @Override
    public List<User> list() {
        List<User> out = new ArrayList<>();
        out.add(new User(ADMIN, Role.ADMIN));
        file.entries().values().forEach(e -> out.add(new User(e.name(), e.role())));
        return out;
    }

    @Override
    public synchronized User add(String name, Role role, String password) {
        requireName(name);
        if (role == null) {
            throw new IllegalArgumentException("a user needs a role (viewer, operator, admin)");
        }
        Map<String, UserFile.Entry> users = new LinkedHashMap<>(file.entries());
        if (users.containsKey(name)) {
            throw new IllegalArgumentException("user '" + name + "' exists already (wfe:user-passwd changes a password)");
        }
        users.put(name, new UserFile.Entry(name, PasswordHash.hash(requirePassword(password)), role));
        write(users);
        return new User(name, role);
    }

    @Override
    public synchronized void setPassword(String name, String password) {
        UserFile.Entry e = existing(name);
        Map<String, UserFile.Entry> users = new LinkedHashMap<>(file.entries());
        users.put(name, new UserFile.Entry(name, PasswordHash.hash(requirePassword(password)), e.role()));
        write(users);
    }

    @Override
    public synchronized User setRole(String name, Role role) {
        UserFile.Entry e = existing(name);
        Map<String, UserFile.Entry> users = new LinkedHashMap<>(file.entries());
        users.put(name, new UserFile.Entry(name, e.hash(), role));
        write(users);
        return new User(name, role);
    }

    @Override
    public synchronized boolean remove(String name) {
        if (ADMIN.equals(name)) {
            throw new IllegalArgumentException("admin cannot be removed (its password is etc/admin.password)");
        }
        Map<String, UserFile.Entry> users = new LinkedHashMap<>(file.entries());
        if (users.remove(name) == null) {
            return false;
        }
        write(users);
        return true;
    }

    private UserFile.Entry existing(String name) {
        if (ADMIN.equals(name)) {
            throw new IllegalArgumentException("admin's password and role are fixed: edit " + adminPassword);
        }
        UserFile.Entry e = name == null ? null : file.entries().get(name);
        if (e == null) {
            throw new IllegalArgumentException("no user '" + name + "' (wfe:users lists them)");
        }
        return e;
    }

    private static void requireName(String name) {
        if (name == null || !UserFile.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad user name '" + name
                    + "': letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64");
        }
        if (ADMIN.equals(name)) {
            throw new IllegalArgumentException("'admin' is reserved: its password is " + "etc/admin.password");
        }
    }

    private static String requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD + " characters");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a password cannot contain control characters");
        }
        return password;
    }

    private void write(Map<String, UserFile.Entry> users) {
        try {
            file.write(users);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.path() + ": " + e.getMessage(), e);
        }
        verified.keySet().retainAll(users.keySet());
    }
}
