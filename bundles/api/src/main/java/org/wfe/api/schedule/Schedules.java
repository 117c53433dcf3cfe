package org.wfe.api.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Schedules of actions, for Gogo, the API and the console. Every change is recorded in the audit trail under
 * {@code user} and {@code source}.
 */
@ProviderType
public interface Schedules {

    List<Schedule> list();

    Optional<Schedule> get(String name);

    /**
     * Stores a new schedule; it fires from now on.
     *
     * @throws InvalidScheduleException for a bad name, cron expression, zone, interval or target, or a name in use
     */
    Schedule add(Schedule schedule, String user, String source);

    /** @throws ScheduleNotFoundException */
    Schedule pause(String name, String user, String source);

    /** Fire times passed while paused are not made up for. @throws ScheduleNotFoundException */
    Schedule resume(String name, String user, String source);

    /** Removes it and its fires' records (the jobs stay). @throws ScheduleNotFoundException */
    void remove(String name, String user, String source);

    /** Fires it now, outside its times (trigger {@code manual}; the overlap policy applies). */
    Fire runNow(String name, String user, String source);

    /** The next {@code n} fire times from now (none while paused). */
    List<Instant> nextFires(String name, int n);

    /** The last {@code limit} fires, newest first. */
    List<Fire> fires(String name, int limit);
}
