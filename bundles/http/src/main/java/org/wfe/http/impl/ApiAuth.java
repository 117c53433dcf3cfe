package org.wfe.http.impl;

import org.wfe.api.user.Credentials;
import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.User;
import org.wfe.api.user.Users;

/**
 * Who may call the API: Basic auth checked by the engine's {@link Users}, in a realm of its own (a browser that
 * logged in to the Web Console does not replay those credentials here). Reads need {@code viewer}; starting,
 * killing and waiting (every POST) need {@code operator}.
 */
final class ApiAuth {

    static final String CHALLENGE = "Basic realm=\"wfe API\", charset=\"UTF-8\"";

    /** The outcome: a user, or the refusal to answer. */
    record Decision(User user, ApiException refusal, long retryAfterSeconds) {
    }

    private ApiAuth() {
    }

    static Role needed(String method) {
        return method.equals("GET") || method.equals("HEAD") ? Role.VIEWER : Role.OPERATOR;
    }

    static Decision decide(Users users, String authorization, String method, String source) {
        if (users == null) {
            return new Decision(null, new ApiException(503, "unavailable", "the user service is not running"), 0);
        }
        Credentials c = Credentials.fromBasicHeader(authorization);
        if (c == null) {
            return new Decision(null, unauthorized(), 0);
        }
        Login login = users.login(c.name(), c.password(), source, "api");
        if (login.throttled()) {
            long s = Math.max(1, login.retryAfter().toSeconds());
            return new Decision(null, new ApiException(429, "too_many_failures",
                    "too many failed logins from " + source + ": retry in " + s + " s"), s);
        }
        if (!login.accepted()) {
            return new Decision(null, unauthorized(), 0);
        }
        Role need = needed(method);
        if (!login.user().role().includes(need)) {
            return new Decision(login.user(), new ApiException(403, "forbidden", "user " + login.user().name() + " is "
                    + login.user().role().label() + "; " + method + " needs the role " + need.label()), 0);
        }
        return new Decision(login.user(), null, 0);
    }

    private static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "a user of the engine is required (admin: the password in etc/admin.password)");
    }
}
