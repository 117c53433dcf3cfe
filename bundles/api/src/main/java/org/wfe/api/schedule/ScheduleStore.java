package org.wfe.api.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where schedules and their fires are kept (the data repository provides it). Calls are synchronous and
 * committed when they return. The fire's row is the claim: {@link #claim} inserts it, and of several engines
 * on one store exactly one insert per schedule and fire time succeeds.
 */
@ProviderType
public interface ScheduleStore {

    /** @throws InvalidScheduleException when the name is taken */
    void insert(Schedule schedule);

    /** @return false when there is no such schedule */
    boolean setPaused(String name, boolean paused);

    /** Deletes the schedule and its fires. @return false when there was none */
    boolean delete(String name);

    List<Schedule> schedules();

    Optional<Schedule> schedule(String name);

    /** Inserts the fire's row. @return false when another engine (or this one) already claimed that fire time */
    boolean claim(Fire fire);

    /** Records what became of a claimed fire (its outcome, job, detail). */
    void update(Fire fire);

    /** The latest fire time claimed by trigger {@code schedule} or {@code misfire}, if any. */
    Optional<Instant> lastScheduledFire(String name);

    /** The newest {@code limit} fires of the schedule, newest first. */
    List<Fire> fires(String name, int limit);

    /** The schedule's newest fire whose outcome is {@code started} (its run, or one being started), if any. */
    Optional<Fire> lastStarted(String name);

    /** Fires whose outcome is {@code queued}, oldest first. */
    List<Fire> queued();

    /**
     * Moves a queued fire to {@code started} with its job guid, only if it is still queued.
     *
     * @return false when another engine took it first
     */
    boolean takeQueued(Fire fire, String node);
}
