package org.wfe.schedules.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.schedule.MisfirePolicy;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.schedule.ScheduleStore;

/**
 * One platform thread ticks every {@link #TICK}: it reads the schedules from the store (so schedules added,
 * paused or removed on another engine count at once), and for each one fires the fire times that came due
 * since it last looked. The store is the only shared state: each engine keeps just a cursor per schedule
 * (the last fire time it dealt with), initialised from the newest fire in the store.
 * <p>
 * Each tick fires at most the newest due fire time, and only if it is at most {@link #GRACE} old; every older
 * due time was missed (no engine ran, none served the action, or none got to it): the misfire policy
 * {@code skip} forgets them, {@code fire-once} makes up for all of them with one fire (trigger {@code misfire},
 * the newest missed fire time). An engine ticks only once it is ready and only for schedules whose action
 * one of its tasklets serves, so an engine still starting, or one without the tasklet bundle, claims nothing.
 */
final class Scheduler implements AutoCloseable {

    static final Duration TICK = Duration.ofMillis(200);
    static final Duration GRACE = Duration.ofSeconds(5);
    /** A cron that fires every second over a month of downtime is still counted; past this the rest is skipped. */
    private static final int MAX_WALK = 3_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private record Cursor(Instant createdAt, Instant last) {
    }

    private final ScheduleStore store;
    private final Firing firing;
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final java.util.Set<String> unserved = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("wfe-scheduler").daemon().factory());

    Scheduler(ScheduleStore store, Firing firing) {
        this.store = store;
        this.firing = firing;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            tick(Instant.now());
        } catch (RuntimeException e) { // a store that is down: try again at the next tick, the thread must live
            LOG.warn("schedules: tick failed: {}", e.toString());
        }
    }

    void tick(Instant now) {
        java.util.Set<String> served = firing.served();
        if (served == null) { // not ready: no action manager, or the engine's health says not yet
            return;
        }
        Map<String, Schedule> byName = new HashMap<>();
        for (Schedule s : store.schedules()) {
            if (closing) {
                return;
            }
            byName.put(s.name(), s);
            try {
                due(s, now, served.contains(Firing.key(s)));
            } catch (RuntimeException e) {
                LOG.warn("schedule {}: {}", s.name(), e.toString());
            }
        }
        cursors.keySet().retainAll(byName.keySet());
        unserved.retainAll(byName.keySet());
        firing.startQueued(byName);
    }

    private void due(Schedule s, Instant now, boolean served) {
        Cursor c = cursors.get(s.name());
        if (c == null || !c.createdAt().equals(s.createdAt())) { // new here, or removed and added again
            Instant last = store.lastScheduledFire(s.name()).orElse(s.createdAt());
            c = new Cursor(s.createdAt(), last.isBefore(s.createdAt()) ? s.createdAt() : last);
        }
        if (s.paused()) { // what passes while paused is not made up for
            cursors.put(s.name(), new Cursor(s.createdAt(), now));
            return;
        }
        cursors.put(s.name(), c);
        if (!served) {
            // no tasklet here serves it: leave its fire times to an engine that has one; here they become
            // misfires, handled by the policy once the tasklet is deployed
            if (unserved.add(s.name())) {
                LOG.warn("schedule {}: no tasklet on this engine serves {} {}.{}: not firing it here", s.name(), s.kind(),
                        s.target(), s.action());
            }
            return;
        }
        unserved.remove(s.name());
        FireTimes times = FireTimes.of(s);
        Instant newest = null;
        Instant lastMissed = null;
        int walked = 0;
        Instant t = times.next(c.last());
        while (t != null && !t.isAfter(now) && walked++ < MAX_WALK) {
            if (newest != null) {
                lastMissed = newest;
            }
            newest = t;
            t = times.next(t);
        }
        if (newest == null) {
            return;
        }
        // one fire per schedule and tick: the newest due time, if it is on time; all older ones were missed
        boolean onTime = !newest.isBefore(now.minus(GRACE));
        if (!onTime) {
            lastMissed = newest;
        }
        if (lastMissed != null) {
            if (s.misfire() == MisfirePolicy.FIRE_ONCE) {
                firing.fire(s, lastMissed, "misfire");
            } else {
                LOG.info("schedule {}: skipped fire times missed up to {} (misfire skip)", s.name(), lastMissed);
            }
        }
        if (onTime) {
            firing.fire(s, newest, "schedule");
        }
        cursors.put(s.name(), new Cursor(s.createdAt(), newest));
    }

    /**
     * Stops ticking without interrupting a tick: an interrupt during a read closes H2's file channel, which
     * breaks the store for the whole engine (found by the schedules benchmark). A running tick stops between
     * two schedules.
     */
    @Override
    public void close() {
        closing = true;
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
