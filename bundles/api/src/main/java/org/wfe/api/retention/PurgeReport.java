package org.wfe.api.retention;

import java.time.Instant;

/**
 * What one purge did.
 *
 * @param trigger {@code scheduled} or the user of a manual purge
 * @param cutoff job trees whose top-level job ended before this were purged (null: nothing was due)
 * @param jobs jobs purged (a dry run: that would be purged)
 * @param logLines their log lines
 * @param batches write transactions used (0 for a dry run)
 * @param largestBatch the most jobs in one of them
 * @param keptUnfinished old trees kept because a job in them is still waiting or running
 * @param error why the purge stopped early, or null
 */
public record PurgeReport(String trigger, boolean dryRun, Instant started, Instant finished, Instant cutoff, long jobs,
        long logLines, int batches, int largestBatch, long keptUnfinished, String error) {
}
