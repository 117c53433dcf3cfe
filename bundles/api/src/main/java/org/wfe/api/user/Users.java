package org.wfe.api.user;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one place that checks passwords. {@code admin} has the password in {@code etc/admin.password} (read at
 * every check, so a change applies at once); other users live in {@code etc/users.properties} with salted,
 * slow hashes. Every refused login is logged with its source and channel, and a source with repeated
 * failures is throttled (see the engine bundle's README).
 */
@ProviderType
public interface Users {

    /** The user who owns {@code etc/admin.password}; always an admin, never in the users file. */
    String ADMIN = "admin";

    /**
     * Checks one login.
     *
     * @param source the client's address, for the log and the throttle
     * @param channel {@code api}, {@code console} or {@code ssh}, for the log
     */
    Login login(String name, String password, String source, String channel);

    /** The user of that name, or null; admin included. */
    User find(String name);

    List<User> list();

    /**
     * Adds a user; its password is stored only as a hash.
     *
     * @throws IllegalArgumentException for a bad or taken name, a reserved name, or a short password
     */
    User add(String name, Role role, String password);

    /** Sets a new password (not for admin: edit {@code etc/admin.password}). */
    void setPassword(String name, String password);

    /** Changes a user's role (not for admin). */
    User setRole(String name, Role role);

    /** Removes a user (not admin); false when there was none. */
    boolean remove(String name);
}
