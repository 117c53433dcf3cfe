package org.wfe.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.user.Audit;
import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.User;

/** The user store, the password hashes and the login throttle, on real files. */
class UserServiceTest {

    @TempDir
    Path home;
    Path adminPassword;
    Path usersFile;
    final MutableClock clock = new MutableClock();
    final List<String> audited = new ArrayList<>();
    UserService users;

    @BeforeEach
    void setUp() throws Exception {
        adminPassword = home.resolve("etc/admin.password");
        usersFile = home.resolve("etc/users.properties");
        Files.createDirectories(adminPassword.getParent());
        Files.writeString(adminPassword, "first-secret\n");
        Audit audit = new Audit() {
            @Override
            public void record(String user, String source, String what) {
                audited.add(user + " " + source + " " + what);
            }

            @Override
            public List<String> tail(int n) {
                return audited;
            }
        };
        users = UserService.at(adminPassword, usersFile, clock, audit);
    }

    @Test
    void hashesAreSaltedSlowAndVerify() {
        String a = PasswordHash.hash("correct horse");
        String b = PasswordHash.hash("correct horse");
        assertFalse(a.equals(b), "each hash has its own salt");
        assertTrue(a.startsWith("pbkdf2-sha256$310000$"), a);
        assertTrue(PasswordHash.verify(a, "correct horse"));
        assertFalse(PasswordHash.verify(a, "correct horsE"));
        assertFalse(PasswordHash.verify("garbage", "x"));
        assertFalse(PasswordHash.verify("pbkdf2-sha256$notanumber$AA$AA", "x"));
    }

    @Test
    void adminUsesTheLivePasswordFile() throws Exception {
        assertEquals(new User("admin", Role.ADMIN), users.login("admin", "first-secret", "10.0.0.1", "api").user());
        Files.writeString(adminPassword, "second-secret\n");
        assertFalse(users.login("admin", "first-secret", "10.0.0.1", "api").accepted(), "the old password is gone at once");
        assertTrue(users.login("admin", "second-secret", "10.0.0.1", "api").accepted());
        Files.delete(adminPassword);
        assertFalse(users.login("admin", "second-secret", "10.0.0.1", "api").accepted(), "no file: nobody is admin");
        assertFalse(users.login("admin", "admin", "10.0.0.1", "api").accepted(), "never the console's stock password");
    }

    @Test
    void usersAreStoredOnlyAsHashesInAPrivateFile() throws Exception {
        users.add("alice", Role.OPERATOR, "alice-password");
        users.add("victor", Role.VIEWER, "victor-password");
        String text = Files.readString(usersFile);
        assertFalse(text.contains("alice-password"), text);
        assertTrue(text.contains("alice = pbkdf2-sha256$"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(usersFile)));
        assertEquals(new User("alice", Role.OPERATOR), users.login("alice", "alice-password", "s", "api").user());
        assertFalse(users.login("alice", "victor-password", "s", "api").accepted());
        assertEquals(List.of("admin", "alice", "victor"), users.list().stream().map(User::name).toList());

        // a second service on the same file (a restart) sees the same users
        UserService again = UserService.at(adminPassword, usersFile, clock, (Audit) null);
        assertEquals(Role.VIEWER, again.find("victor").role());
    }

    @Test
    void passwdRoleAndRemoveApplyAtOnce() {
        users.add("alice", Role.OPERATOR, "alice-password");
        assertTrue(users.login("alice", "alice-password", "s", "api").accepted());
        users.setPassword("alice", "new-password");
        assertFalse(users.login("alice", "alice-password", "s", "api").accepted(), "the remembered login is dropped");
        assertTrue(users.login("alice", "new-password", "s", "api").accepted());
        users.setRole("alice", Role.VIEWER);
        assertEquals(Role.VIEWER, users.login("alice", "new-password", "s", "api").user().role());
        assertTrue(users.remove("alice"));
        assertFalse(users.login("alice", "new-password", "s", "api").accepted());
        assertFalse(users.remove("alice"));
    }

    @Test
    void badInputIsRefusedClearlyAndChangesNothing() throws Exception {
        users.add("alice", Role.OPERATOR, "alice-password");
        String before = Files.readString(usersFile);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.add("alice", Role.ADMIN, "other-password"))
                .getMessage().contains("exists already"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.add("admin", Role.ADMIN, "other-password"))
                .getMessage().contains("reserved"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.add("bob", Role.VIEWER, "short"))
                .getMessage().contains("at least 8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.add("bad name\n", Role.VIEWER, "long-enough"))
                .getMessage().contains("bad user name"));
        assertThrows(IllegalArgumentException.class, () -> users.remove("admin"));
        assertThrows(IllegalArgumentException.class, () -> users.setPassword("nobody", "long-enough"));
        assertThrows(IllegalArgumentException.class, () -> Role.parse("root"));
        assertEquals(before, Files.readString(usersFile));
    }

    @Test
    void aBadLineInTheFileSkipsOnlyThatUser() throws Exception {
        users.add("alice", Role.OPERATOR, "alice-password");
        Files.writeString(usersFile, Files.readString(usersFile) + "mallory = plaintext,admin\nbob = x\n");
        assertNull(users.find("mallory"), "a clear-text password is never accepted");
        assertTrue(users.login("alice", "alice-password", "s", "api").accepted());
        assertFalse(users.login("mallory", "plaintext", "s", "api").accepted());
    }

    @Test
    void repeatedFailuresFromOneSourceAreThrottledAndLoggedButNotForever() {
        users.add("alice", Role.OPERATOR, "alice-password");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            Login l = users.login("alice", "guess" + i, "10.6.6.6", "api");
            assertFalse(l.accepted());
            assertFalse(l.throttled(), "the first failures are free, got a wait after " + i);
        }
        Login blocked = users.login("alice", "alice-password", "10.6.6.6", "api");
        assertTrue(blocked.throttled(), "even the right password waits its turn");
        assertTrue(users.login("alice", "alice-password", "10.0.0.2", "api").accepted(), "another source is not affected");
        users.add("bob", Role.VIEWER, "bob-password");
        assertTrue(users.login("bob", "bob-password", "10.6.6.6", "api").accepted(), "nor another user of the same host");
        assertEquals(LoginThrottle.FREE_FAILURES, audited.size(), audited.toString());
        assertTrue(audited.get(0).startsWith("alice 10.6.6.6 login refused via api"), audited.get(0));

        clock.advance(Duration.ofSeconds(2));
        assertFalse(users.login("alice", "wrong again", "10.6.6.6", "api").throttled());
        assertTrue(users.login("alice", "alice-password", "10.6.6.6", "api").throttled(), "the wait doubles");
        for (int i = 0; i < 30; i++) { // a long attack: the wait stops growing at the cap
            clock.advance(LoginThrottle.MAX_WAIT);
            users.login("alice", "wrong", "10.6.6.6", "api");
        }
        clock.advance(LoginThrottle.MAX_WAIT.plusSeconds(1));
        assertTrue(users.login("alice", "alice-password", "10.6.6.6", "api").accepted(), "the operator gets in within a minute");
        assertFalse(users.login("alice", "wrong", "10.6.6.6", "api").throttled(), "a success clears the count");
    }

    @Test
    void sprayingManyNamesFromOneSourceIsThrottledToo() {
        users.add("alice", Role.OPERATOR, "alice-password");
        for (int i = 0; i < LoginThrottle.FREE_SOURCE_FAILURES; i++) {
            assertFalse(users.login("user" + i, "guess", "10.6.6.6", "ssh").throttled(), "attempt " + i);
        }
        assertTrue(users.login("alice", "alice-password", "10.6.6.6", "ssh").throttled());
        clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        assertTrue(users.login("alice", "alice-password", "10.6.6.6", "ssh").accepted(), "forgotten after a quiet while");
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
