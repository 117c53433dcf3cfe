package org.wfe.api.user;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The audit trail: one line per start, kill, configuration change, user change and refused login, kept in
 * {@code var/log/audit.log} across restarts.
 */
@ProviderType
public interface Audit {

    /** The user of changes that come from the engine host itself (etc/ files, the local Gogo console). */
    String LOCAL = "local";

    /**
     * Records one event.
     *
     * @param user who did it ({@link #LOCAL} or {@code -} when unknown)
     * @param source the client's address, or the channel ({@code console}, {@code etc})
     * @param what what happened, e.g. {@code start hello.greet job=…}
     */
    void record(String user, String source, String what);

    /** The last {@code n} lines, oldest first. */
    List<String> tail(int n);
}
