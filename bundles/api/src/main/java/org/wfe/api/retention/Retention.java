package org.wfe.api.retention;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Purges finished jobs (with their log lines) that are older than the configured age or beyond the
 * configured count, a whole job tree at a time: a tree with a job still waiting or running is kept.
 */
@ProviderType
public interface Retention {

    /**
     * Runs one purge now (or, with {@code dryRun}, only counts what it would purge). Blocks until done;
     * a purge already under way (the scheduled one) is waited for first.
     *
     * @param trigger who asked, for the report: {@code scheduled}, or the user of a manual purge
     */
    PurgeReport purge(boolean dryRun, String trigger);

    /** The last purge that ran (dry runs included), if any since the engine started. */
    Optional<PurgeReport> lastPurge();

    /** The policy in force, in words, e.g. {@code maxAge=30d maxJobs=off batchSize=500 interval=10m}. */
    String policy();
}
