package org.wfe.api.schedule;

import java.time.Instant;

/**
 * One fire of a schedule, claimed by the engine that inserted its row first (the store's unique key on
 * schedule and fire time): only that engine starts the action.
 *
 * @param trigger {@code schedule} (on time), {@code misfire} (made up for after a downtime) or {@code manual} (run-now)
 * @param outcome {@code started}, {@code skipped} (overlap skip, or a fire already queued), {@code queued}
 *        (waiting for the previous run), {@code failed} (the start was refused: the reason is in {@code detail})
 * @param jobGuid the job it started, or null
 * @param node the engine that claimed it
 */
public record Fire(String schedule, Instant fireTime, String trigger, String outcome, String jobGuid, String node,
        String detail, Instant claimedAt) {

    public Fire with(String newOutcome, String job, String why) {
        return new Fire(schedule, fireTime, trigger, newOutcome, job, node, why, claimedAt);
    }
}
