package org.wfe.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.User;
import org.wfe.api.user.Users;

/** Who may scrape, on a fixed set of users (the user service itself is tested in the engine bundle). */
class ScrapeAuthTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef-metrics";

    /** vic is a viewer with the password "pw"; "slow" is being throttled. */
    static final Users USERS = new Users() {
        @Override
        public Login login(String name, String password, String source, String channel) {
            if (name.equals("slow")) {
                return Login.throttled(Duration.ofSeconds(4));
            }
            User u = find(name);
            return u != null && "pw".equals(password) ? new Login(u, Duration.ZERO) : Login.refused();
        }

        @Override
        public User find(String name) {
            return name.equals("vic") ? new User("vic", Role.VIEWER) : null;
        }

        @Override
        public List<User> list() {
            return List.of();
        }

        @Override
        public User add(String name, Role role, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setPassword(String name, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public User setRole(String name, Role role) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(String name) {
            throw new UnsupportedOperationException();
        }
    };

    @TempDir
    Path dir;

    private ScrapeAuth.Decision basic(String userColonPassword) {
        return ScrapeAuth.decide(USERS, dir.resolve("metrics.token"),
                "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)), "10.0.0.1");
    }

    private ScrapeAuth.Decision bearer(String token) {
        return ScrapeAuth.decide(USERS, dir.resolve("metrics.token"), "Bearer " + token, "10.0.0.1");
    }

    @Test
    void aViewerMayScrape() {
        assertTrue(basic("vic:pw").allowed());
    }

    @Test
    void missingWrongOrThrottledCredentialsAreRefused() {
        assertEquals(401, ScrapeAuth.decide(USERS, dir.resolve("metrics.token"), null, "10.0.0.1").status());
        assertEquals(401, ScrapeAuth.decide(USERS, null, "Digest x", "10.0.0.1").status());
        assertEquals(401, basic("vic:wrong").status());
        assertEquals(401, basic("nobody:pw").status());
        assertEquals(429, basic("slow:pw").status());
        assertEquals(4, basic("slow:pw").retryAfterSeconds());
        assertEquals(503, ScrapeAuth.decide(null, null, "Basic dmljOnB3", "10.0.0.1").status());
    }

    @Test
    void theTokenInTheFileIsAcceptedAndReadAtEveryScrape() throws IOException {
        assertEquals(401, bearer(TOKEN).status()); // no file: no token
        Files.writeString(dir.resolve("metrics.token"), TOKEN + "\n");
        assertTrue(bearer(TOKEN).allowed());
        assertEquals(401, bearer(TOKEN + "x").status());
        assertEquals(401, bearer("").status());
        Files.writeString(dir.resolve("metrics.token"), "another-token-of-more-than-32-characters");
        assertEquals(401, bearer(TOKEN).status());
        assertTrue(bearer("another-token-of-more-than-32-characters").allowed());
    }

    @Test
    void aShortOrEmptyTokenFileIsRefusedNotAccepted() throws IOException {
        Files.writeString(dir.resolve("metrics.token"), "short");
        assertEquals(401, bearer("short").status());
        Files.writeString(dir.resolve("metrics.token"), "\n");
        assertEquals(401, bearer("").status());
        assertEquals(401, ScrapeAuth.decide(USERS, dir.resolve("metrics.token"), "Bearer", "10.0.0.1").status());
    }
}
