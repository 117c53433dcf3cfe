package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.User;
import org.wfe.api.user.Users;

/** Who may call what: the decision on a fixed set of users (the user service itself is tested in the engine). */
class ApiAuthTest {

    /** vic is a viewer, olga an operator, both with the password "pw"; "slow" is being throttled. */
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
            return switch (name) {
                case "vic" -> new User("vic", Role.VIEWER);
                case "olga" -> new User("olga", Role.OPERATOR);
                default -> null;
            };
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

    static ApiAuth.Decision as(String user, String method) {
        String header = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        return ApiAuth.decide(USERS, header, method, "10.0.0.1");
    }

    @Test
    void readsNeedViewerWritesNeedOperator() {
        assertNull(as("vic:pw", "GET").refusal());
        assertEquals(403, as("vic:pw", "POST").refusal().status());
        assertEquals("forbidden", as("vic:pw", "POST").refusal().code());
        assertNull(as("olga:pw", "POST").refusal());
        assertEquals("olga", as("olga:pw", "POST").user().name());
    }

    @Test
    void missingWrongOrThrottledCredentialsAreRefused() {
        assertEquals(401, as(null, "GET").refusal().status());
        assertEquals(401, as("vic:wrong", "GET").refusal().status());
        assertEquals(401, as("admin:admin", "GET").refusal().status());
        ApiAuth.Decision slow = as("slow:pw", "GET");
        assertEquals(429, slow.refusal().status());
        assertEquals(4, slow.retryAfterSeconds());
        assertEquals(503, ApiAuth.decide(null, null, "GET", "10.0.0.1").refusal().status());
    }
}
