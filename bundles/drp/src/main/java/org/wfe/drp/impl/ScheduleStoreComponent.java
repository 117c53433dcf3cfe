package org.wfe.drp.impl;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.wfe.api.drp.JobStore;
import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.InvalidScheduleException;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.schedule.ScheduleStore;

/**
 * Schedules and fires in this bundle's repository (tables of V6). Bound, like the retention purge, to the
 * {@code JobStore} {@link DrpComponent} registers: a store switch rebinds it to the new store.
 */
@Component(service = ScheduleStore.class)
public class ScheduleStoreComponent implements ScheduleStore {

    @Reference(target = "(wfe.drp.store=*)", policyOption = ReferencePolicyOption.GREEDY)
    JobStore store;

    public ScheduleStoreComponent() {
    }

    /** Outside OSGi (benchmarks): on a {@link Repository}. */
    public ScheduleStoreComponent(JobStore store) {
        this.store = store;
    }

    private Repository repo() {
        if (!(store instanceof Repository r)) {
            throw new IllegalStateException("the job store is not this bundle's repository");
        }
        return r;
    }

    private <T> T write(ReadPool.SqlWork<T> work) {
        return repo().read(c -> ScheduleSql.autoCommit(c, work));
    }

    @Override
    public void insert(Schedule schedule) {
        String params;
        try { // refuses what is not JSON before any row exists
            params = Json.encode(schedule.params(), "params");
        } catch (RuntimeException e) {
            throw new InvalidScheduleException("params of schedule '" + schedule.name() + "': " + e.getMessage());
        }
        if (!write(c -> ScheduleSql.insert(c, schedule, params))) {
            throw new InvalidScheduleException("a schedule named '" + schedule.name() + "' exists already");
        }
    }

    @Override
    public boolean setPaused(String name, boolean paused) {
        return write(c -> ScheduleSql.setPaused(c, name, paused));
    }

    @Override
    public boolean delete(String name) {
        return write(c -> ScheduleSql.delete(c, name));
    }

    @Override
    public List<Schedule> schedules() {
        return repo().read(c -> ScheduleSql.schedules(c, null));
    }

    @Override
    public Optional<Schedule> schedule(String name) {
        return repo().read(c -> ScheduleSql.schedules(c, name)).stream().findFirst();
    }

    @Override
    public boolean claim(Fire fire) {
        return write(c -> ScheduleSql.claim(c, fire));
    }

    @Override
    public void update(Fire fire) {
        write(c -> {
            ScheduleSql.update(c, fire);
            return null;
        });
    }

    @Override
    public Optional<Instant> lastScheduledFire(String name) {
        return repo().read(c -> ScheduleSql.lastScheduledFire(c, name));
    }

    @Override
    public List<Fire> fires(String name, int limit) {
        return repo().read(c -> ScheduleSql.fires(c, name, limit));
    }

    @Override
    public Optional<Fire> lastStarted(String name) {
        return repo().read(c -> ScheduleSql.lastStarted(c, name));
    }

    @Override
    public List<Fire> queued() {
        return repo().read(ScheduleSql::queued);
    }

    @Override
    public boolean takeQueued(Fire fire, String node) {
        return write(c -> ScheduleSql.takeQueued(c, fire, node));
    }
}
