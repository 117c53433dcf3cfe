package org.wfe.drp.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.wfe.api.drp.DrpException;
import org.wfe.api.retention.PurgeReport;

/**
 * One purge run. Candidates are read on a read connection (no lock, the writer is not involved); each
 * batch of whole trees, at most {@code batchSize} jobs (a larger tree goes alone), is then deleted by the
 * writer as one queued write, so it is serialised with every other write and commits with them. The next
 * batch is queued only once this one is acknowledged: between two batches the writer serves what was
 * queued meanwhile, so the purge never holds it for more than one batch.
 *
 * <p>On H2 deleting 500 jobs (seven index entries each) and committing takes the writer a few hundred
 * milliseconds, and writes queued behind it wait that long: a purge queued back to back cut the action rate
 * from 1,200/s to 28/s. So the purge paces itself: a batch that took the writer longer than
 * {@link #TARGET_MILLIS} halves the next one (down to 1 tree), a quick one grows it (up to
 * {@code batchSize}), and after each batch the purge waits as long as the batch took, so it has at most half
 * of the writer's time.
 */
final class Purger {

    static final long TARGET_MILLIS = 200;

    private final Repository repo;
    private final RetentionPolicy policy;
    private int size;

    Purger(Repository repo, RetentionPolicy policy) {
        this.repo = repo;
        this.policy = policy;
        this.size = Math.min(policy.batchSize(), 100);
    }

    /** The end time before which top-level jobs are due: the later of the age and the count cutoffs, or null. */
    Instant cutoff(Instant now) {
        Instant byAge = policy.maxAge() == null ? null : now.minus(policy.maxAge());
        Instant byCount = policy.maxJobs() == 0 ? null : repo.read(c -> PurgeSql.countCutoff(c, policy.maxJobs()));
        if (byAge == null) {
            return byCount;
        }
        return byCount == null || byAge.isAfter(byCount) ? byAge : byCount;
    }

    PurgeReport run(boolean dryRun, String trigger, Instant now) {
        Instant started = Instant.now();
        Instant cutoff = policy.off() ? null : cutoff(now);
        Tally tally = new Tally();
        long kept = 0;
        String error = null;
        try {
            PurgeSql.Root after = null;
            List<String> batch = new ArrayList<>(); // carried over reads, so batches fill up to batchSize
            long batchJobs = 0;
            while (cutoff != null) {
                PurgeSql.Root from = after;
                List<PurgeSql.Root> roots = repo.read(c -> PurgeSql.roots(c, cutoff, from, policy.batchSize()));
                if (roots.isEmpty()) {
                    break;
                }
                after = roots.getLast();
                List<String> guids = roots.stream().map(PurgeSql.Root::guid).toList();
                Map<String, PurgeSql.Tree> trees = repo.read(c -> PurgeSql.trees(c, guids));
                for (String g : guids) {
                    PurgeSql.Tree t = trees.getOrDefault(g, new PurgeSql.Tree(1, 0));
                    if (t.unfinished() > 0) {
                        kept++;
                        continue;
                    }
                    if (!batch.isEmpty() && batchJobs + t.jobs() > size) {
                        tally.add(flush(batch, dryRun), dryRun);
                        batch = new ArrayList<>();
                        batchJobs = 0;
                    }
                    batch.add(g);
                    batchJobs += t.jobs();
                }
            }
            if (!batch.isEmpty()) {
                tally.add(flush(batch, dryRun), dryRun);
            }
        } catch (DrpException | IllegalStateException e) {
            error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted (the engine is stopping)";
        }
        return new PurgeReport(trigger, dryRun, started, Instant.now(), cutoff, tally.jobs, tally.lines, tally.batches,
                tally.largest, kept, error);
    }

    /** What the batches so far deleted. */
    private static final class Tally {
        long jobs;
        long lines;
        int batches;
        int largest;

        void add(long[] done, boolean dryRun) {
            jobs += done[0];
            lines += done[1];
            batches += dryRun ? 0 : 1;
            largest = (int) Math.max(largest, done[0]);
        }
    }

    private long[] flush(List<String> roots, boolean dryRun) throws InterruptedException {
        if (dryRun) {
            long jobs = repo.read(c -> PurgeSql.trees(c, roots)).values().stream().mapToLong(PurgeSql.Tree::jobs).sum();
            return new long[] {jobs, repo.read(c -> PurgeSql.logLines(c, roots))};
        }
        long t0 = System.nanoTime();
        try {
            long[] done = (long[]) repo.purgeTrees(roots).get();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            size = ms > TARGET_MILLIS ? Math.max(1, size / 2)
                    : ms < TARGET_MILLIS / 2 ? Math.min(policy.batchSize(), size + Math.max(1, size / 4)) : size;
            Thread.sleep(ms); // the writer's other half: what queued up behind this batch goes first
            return done;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DrpException d ? d : new DrpException("purge failed: " + e.getCause(), e.getCause());
        }
    }
}
