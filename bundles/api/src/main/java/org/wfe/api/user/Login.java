package org.wfe.api.user;

import java.time.Duration;

/**
 * The answer to one login attempt.
 *
 * @param user the user when accepted, else null
 * @param retryAfter when {@link #throttled()}: how long the source must wait before the next attempt counts
 */
public record Login(User user, Duration retryAfter) {

    public static Login refused() {
        return new Login(null, Duration.ZERO);
    }

    public static Login throttled(Duration wait) {
        return new Login(null, wait);
    }

    public boolean accepted() {
        return user != null;
    }

    /** Refused without looking at the password: too many failures from this source lately. */
    public boolean throttled() {
        return user == null && retryAfter.isPositive();
    }
}
