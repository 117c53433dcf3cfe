package org.wfe.metrics.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.user.Credentials;
import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.Users;

/**
 * Who may scrape: as for the API's reads, a user of the engine with at least the {@code viewer} role (Basic auth,
 * checked and throttled by {@link Users}), or the bearer token in the token file (Prometheus' {@code authorization:
 * credentials_file}). The token file is read at every check, so replacing it applies at once; a token shorter
 * than {@value #MIN_TOKEN_CHARS} characters is refused (it could be guessed, and a token guess is not throttled).
 */
final class ScrapeAuth {

    static final String CHALLENGE = "Basic realm=\"wfe API\", charset=\"UTF-8\"";
    static final int MIN_TOKEN_CHARS = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeAuth.class);

    /** The outcome: 0 to answer, else the HTTP status to refuse with. */
    record Decision(int status, String message, long retryAfterSeconds) {
        static final Decision OK = new Decision(0, null, 0);

        boolean allowed() {
            return status == 0;
        }
    }

    private ScrapeAuth() {
    }

    static Decision decide(Users users, Path tokenFile, String authorization, String source) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return bearer(tokenFile, authorization.substring(7).strip(), source);
        }
        Credentials c = Credentials.fromBasicHeader(authorization);
        if (c == null) {
            return unauthorized();
        }
        if (users == null) {
            return new Decision(503, "the user service is not running", 0);
        }
        Login login = users.login(c.name(), c.password(), source, "metrics");
        if (login.throttled()) {
            long s = Math.max(1, login.retryAfter().toSeconds());
            return new Decision(429, "too many failed logins from " + source + ": retry in " + s + " s", s);
        }
        if (!login.accepted()) {
            return unauthorized();
        }
        if (!login.user().role().includes(Role.VIEWER)) {
            return new Decision(403, "user " + login.user().name() + " is " + login.user().role().label()
                    + "; metrics need the role " + Role.VIEWER.label(), 0);
        }
        return Decision.OK;
    }

    private static Decision bearer(Path tokenFile, String sent, String source) {
        String expected = token(tokenFile);
        if (expected != null && !sent.isEmpty() && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            return Decision.OK;
        }
        LOG.warn("metrics: refused a bearer token from {}{}", source, expected == null ? " (no usable token file " + tokenFile + ")" : "");
        return unauthorized();
    }

    /** The configured token, or null when there is none or it is too short to be safe. */
    static String token(Path tokenFile) {
        if (tokenFile == null) {
            return null;
        }
        String t;
        try {
            t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("metrics: cannot read the token file {}: {}", tokenFile, e.toString());
            return null;
        }
        if (t.length() < MIN_TOKEN_CHARS) {
            LOG.warn("metrics: the token in {} is shorter than {} characters: refused", tokenFile, MIN_TOKEN_CHARS);
            return null;
        }
        return t;
    }

    private static Decision unauthorized() {
        return new Decision(401, "a user of the engine (role viewer) or the metrics bearer token is required", 0);
    }
}
