package org.wfe.schedules.impl;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.action.ActionManager;
import org.wfe.api.health.EngineHealth;
import org.wfe.api.job.JobController;
import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.schedule.ScheduleNotFoundException;
import org.wfe.api.schedule.ScheduleStore;
import org.wfe.api.schedule.Schedules;
import org.wfe.api.user.Audit;

/**
 * The {@link Schedules} service and its ticking {@link Scheduler}. Changes are validated ({@link ScheduleRules}),
 * written to the store, then audited; the store is the truth, so a change made on one engine is seen by every
 * engine on the same store at its next tick.
 */
@Component(service = Schedules.class, immediate = true)
public class SchedulesComponent implements Schedules {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulesComponent.class);

    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    ScheduleStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ActionManager actions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile JobController jobs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EngineHealth health;

    private Firing firing;
    private Scheduler scheduler;

    @Activate
    void activate() {
        firing = new Firing(store, () -> actions, () -> jobs, node(), () -> {
            EngineHealth h = health; // without the health service (tests, a bare runtime) the action manager decides
            return h == null || h.recent().ready();
        });
        scheduler = new Scheduler(store, firing);
        scheduler.start();
        LOG.info("schedules: ticking every {} ms as node {}", Scheduler.TICK.toMillis(), firing.node());
    }

    /** Outside OSGi (benchmarks): wired by hand and ticking; {@link #deactivate} stops it. */
    public static SchedulesComponent standalone(ScheduleStore store, ActionManager actions, JobController jobs) {
        SchedulesComponent c = new SchedulesComponent();
        c.store = store;
        c.actions = actions;
        c.jobs = jobs;
        c.activate();
        return c;
    }

    @Deactivate
    public void deactivate() {
        scheduler.close();
    }

    /** Host and process: two engines on one host are two nodes. */
    static String node() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    @Override
    public List<Schedule> list() {
        return store.schedules();
    }

    @Override
    public Optional<Schedule> get(String name) {
        return store.schedule(name);
    }

    @Override
    public Schedule add(Schedule schedule, String user, String source) {
        Schedule s = ScheduleRules.check(schedule, user, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        store.insert(s);
        record(user, source, "schedule add " + s.name() + " " + s.kind() + " " + s.target() + "." + s.action() + " "
                + s.when() + " misfire=" + s.misfire().label() + " overlap=" + s.overlap().label() + (s.paused() ? " paused" : ""));
        return s;
    }

    @Override
    public Schedule pause(String name, String user, String source) {
        return setPaused(name, true, user, source);
    }

    @Override
    public Schedule resume(String name, String user, String source) {
        return setPaused(name, false, user, source);
    }

    private Schedule setPaused(String name, boolean paused, String user, String source) {
        if (!store.setPaused(name, paused)) {
            throw new ScheduleNotFoundException(name);
        }
        record(user, source, "schedule " + (paused ? "pause " : "resume ") + name);
        return store.schedule(name).orElseThrow(() -> new ScheduleNotFoundException(name));
    }

    @Override
    public void remove(String name, String user, String source) {
        if (!store.delete(name)) {
            throw new ScheduleNotFoundException(name);
        }
        record(user, source, "schedule remove " + name);
    }

    @Override
    public Fire runNow(String name, String user, String source) {
        Schedule s = store.schedule(name).orElseThrow(() -> new ScheduleNotFoundException(name));
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 10; i++, t = t.plusMillis(1)) { // the same millisecond as another fire: the next one
            Optional<Fire> f = firing.fire(s, t, "manual");
            if (f.isPresent()) {
                record(user, source, "schedule run-now " + name + " outcome=" + f.get().outcome()
                        + (f.get().jobGuid() == null ? "" : " job=" + f.get().jobGuid()));
                return f.get();
            }
        }
        throw new IllegalStateException("schedule " + name + ": no free fire time to run it now");
    }

    @Override
    public List<Instant> nextFires(String name, int n) {
        Schedule s = store.schedule(name).orElseThrow(() -> new ScheduleNotFoundException(name));
        List<Instant> out = new ArrayList<>();
        if (s.paused()) {
            return out;
        }
        FireTimes times = FireTimes.of(s);
        Instant t = Instant.now();
        while (out.size() < n && (t = times.next(t)) != null) {
            out.add(t);
        }
        return out;
    }

    @Override
    public List<Fire> fires(String name, int limit) {
        if (store.schedule(name).isEmpty()) {
            throw new ScheduleNotFoundException(name);
        }
        return store.fires(name, Math.max(1, Math.min(limit, 1000)));
    }

    private void record(String user, String source, String what) {
        Audit a = audit;
        if (a != null) {
            a.record(user == null ? "-" : user, source == null ? "-" : source, what);
        }
    }
}
