package org.wfe.tasklet.engine.impl;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletProperties;

/** The engine wired by hand with in-memory doubles, plus helpers to register tasklets as DS would. */
final class TestEngine {

    final InMemoryJobController jobs = new InMemoryJobController();
    final InMemoryDrp drp = new InMemoryDrp("machine");
    final List<String> problems = new CopyOnWriteArrayList<>();
    final TaskletRegistry registry = new TaskletRegistry(problems::add, Duration.ofMillis(200));
    final ActionEngine engine = new ActionEngine(jobs, registry, () -> drp, () -> null, List::of);
    private final AtomicLong ids = new AtomicLong(100);

    static Map<String, Object> root(String type, int priority, String... actions) {
        Map<String, Object> p = new HashMap<>();
        p.put(TaskletProperties.TYPE, type);
        p.put(TaskletProperties.ACTION, actions);
        p.put(TaskletProperties.PRIORITY, priority);
        return p;
    }

    static Map<String, Object> actor(String actor, String... actions) {
        Map<String, Object> p = new HashMap<>();
        p.put(TaskletProperties.ACTOR, actor);
        p.put(TaskletProperties.ACTION, actions);
        return p;
    }

    /**
     * Registers {@code t} as if from its own bundle (so that lambdas of one call site are not duplicates
     * of each other); returns its service id.
     */
    long add(Tasklet t, Map<String, Object> props) {
        return add(t, props, "test.bundle 1.0.0", ids.get() + 1000);
    }

    long add(Tasklet t, Map<String, Object> props, String bundle, long bundleId) {
        long id = ids.incrementAndGet();
        registry.add(id, props, bundle, bundleId, () -> t);
        return id;
    }
}
