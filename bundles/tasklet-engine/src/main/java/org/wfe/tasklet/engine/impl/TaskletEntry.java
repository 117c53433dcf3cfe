package org.wfe.tasklet.engine.impl;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.wfe.api.action.TaskletInfo;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletProperties;

/**
 * One registered Tasklet service as the engine sees it: its tags parsed from the service properties, or
 * the reason it cannot be used ({@link #problem()} non-null). Parsing is strict on purpose: a tasklet
 * whose declaration is wrong is reported as broken rather than guessed at.
 */
final class TaskletEntry {

    /** Tie-break for equal priorities: ranking (high first), bundle, class, then registration order. */
    static final Comparator<TaskletEntry> RUN_ORDER = Comparator.comparingInt(TaskletEntry::priority).reversed()
            .thenComparing(Comparator.comparingInt(TaskletEntry::ranking).reversed())
            .thenComparing(TaskletEntry::bundle)
            .thenComparing(TaskletEntry::className)
            .thenComparingLong(TaskletEntry::serviceId);

    final long serviceId;
    final int ranking;
    final String bundle;
    final long bundleId;
    final String kind;
    final String name;
    final List<String> actions;
    final int priority;
    private final Supplier<Tasklet> resolver;
    /** DS {@code component.name}, null for a service registered by hand. */
    final String componentName;
    private volatile String className;
    private volatile String declarationProblem;
    private volatile String runtimeProblem;
    private volatile Tasklet tasklet;
    /** The tasklet's own retry policy ({@code wfe.tasklet.retry.*}), null when it declares none. */
    RetryPolicy retry;
    /** Set once the service went away; invocations still inside it are then on borrowed time. */
    volatile boolean removed;
    /** Invocations currently inside {@link Tasklet#match} or {@link Tasklet#main} of this tasklet. */
    final Set<Invocation> inside = ConcurrentHashMap.newKeySet();

    private TaskletEntry(long serviceId, int ranking, String bundle, long bundleId, String kind, String name,
            List<String> actions, int priority, String className, String problem, Supplier<Tasklet> resolver) {
        this.serviceId = serviceId;
        this.ranking = ranking;
        this.bundle = bundle;
        this.bundleId = bundleId;
        this.kind = kind;
        this.name = name;
        this.actions = actions;
        this.priority = priority;
        this.className = className;
        this.componentName = className.startsWith("service#") ? null : className;
        this.declarationProblem = problem;
        this.resolver = resolver;
    }

    /**
     * Reads the tags from service properties. The DS {@code component.name} names the tasklet until
     * {@link #resolve()} knows the object's class.
     */
    static TaskletEntry parse(long serviceId, Map<String, ?> props, String bundle, long bundleId,
            Supplier<Tasklet> resolver) {
        int ranking = props.get("service.ranking") instanceof Integer r ? r : 0;
        Object cn = props.get("component.name");
        String className = cn instanceof String s ? s : "service#" + serviceId;
        List<String> problems = new ArrayList<>();
        Object type = props.get(TaskletProperties.TYPE);
        Object actor = props.get(TaskletProperties.ACTOR);
        Object a = props.get(TaskletProperties.ACTION);
        String kind = null;
        String name = null;
        if (type == null && actor == null && a == null) {
            return new TaskletEntry(serviceId, ranking, bundle, bundleId, "unknown", "", List.of(), 1, className,
                    "no tags: none of " + TaskletProperties.TYPE + ", " + TaskletProperties.ACTOR + ", "
                            + TaskletProperties.ACTION + " is set (annotate it with @ActorAction or @RootObjectAction)",
                    resolver);
        }
        if (type != null && actor != null) {
            problems.add("declares both " + TaskletProperties.TYPE + " and " + TaskletProperties.ACTOR);
        } else if (type == null && actor == null) {
            problems.add("no tags: neither " + TaskletProperties.TYPE + " (@RootObjectAction) nor "
                    + TaskletProperties.ACTOR + " (@ActorAction) is set");
        } else {
            kind = type != null ? "rootobject" : "actor";
            String key = type != null ? TaskletProperties.TYPE : TaskletProperties.ACTOR;
            Object v = type != null ? type : actor;
            if (v instanceof String s && !s.isBlank()) {
                name = s.trim();
            } else {
                problems.add(key + " must be one non-empty string, got " + describe(v));
            }
        }
        List<String> actions = new ArrayList<>();
        if (a == null) {
            problems.add("no tags: " + TaskletProperties.ACTION + " is not set");
        } else {
            for (Object o : asList(a)) {
                if (o instanceof String s && !s.isBlank()) {
                    actions.add(s.trim());
                } else {
                    problems.add(TaskletProperties.ACTION + " must hold non-empty strings, got " + describe(o));
                }
            }
            if (actions.isEmpty() && problems.isEmpty()) {
                problems.add("no tags: " + TaskletProperties.ACTION + " is empty");
            }
        }
        int priority = 1;
        Object p = props.get(TaskletProperties.PRIORITY);
        if (p instanceof Integer i) {
            priority = i;
        } else if (p != null) {
            problems.add(TaskletProperties.PRIORITY + " must be an Integer, got " + describe(p)
                    + " (in a DS property write 'wfe.tasklet.priority:Integer=5')");
        }
        RetryPolicy retry = null;
        try {
            retry = RetryPolicy.ofTasklet(props);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        TaskletEntry entry = new TaskletEntry(serviceId, ranking, bundle, bundleId, kind == null ? "unknown" : kind,
                name == null ? "" : name, List.copyOf(actions), priority, className,
                problems.isEmpty() ? null : String.join("; ", problems), resolver);
        entry.retry = retry;
        return entry;
    }

    private static List<?> asList(Object v) {
        if (v instanceof Collection<?> c) {
            return List.copyOf(c);
        }
        if (v.getClass().isArray()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                l.add(Array.get(v, i));
            }
            return l;
        }
        return List.of(v);
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        String s = v.getClass().isArray() ? asList(v).toString() : String.valueOf(v);
        return v.getClass().getSimpleName() + " '" + s + "'";
    }

    /**
     * Gets the service object (activating a DS component). A failure marks the entry broken: the
     * component's activate threw, or the service is gone.
     */
    Tasklet resolve() {
        Tasklet t = tasklet;
        if (t != null || declarationProblem != null) {
            return t;
        }
        synchronized (this) {
            if (tasklet == null && runtimeProblem == null) {
                try {
                    t = resolver.get();
                } catch (RuntimeException e) {
                    runtimeProblem = "could not be activated: " + e;
                    return null;
                }
                if (t == null) {
                    runtimeProblem = "could not be activated (its service returned no object: activate failed"
                            + " or the component is not satisfied)";
                } else {
                    className = t.getClass().getName();
                    tasklet = t;
                }
            }
            return tasklet;
        }
    }

    /** DS explained why the component could not be activated: say so instead of the generic text. */
    void activationFailure(String detail) {
        if (detail != null && runtimeProblem != null && runtimeProblem.startsWith("could not be activated")) {
            runtimeProblem = "could not be activated: " + detail;
        }
    }

    boolean activationFailed() {
        return runtimeProblem != null && runtimeProblem.startsWith("could not be activated");
    }

    boolean serves(String k, String n, String action) {
        return kind.equals(k) && name.equals(n) && actions.contains(action);
    }

    boolean usable() {
        return problem() == null && !removed;
    }

    String problem() {
        return declarationProblem != null ? declarationProblem : runtimeProblem;
    }

    /** Marks this entry broken because another registration of the same class serves the same action. */
    void duplicateOf(TaskletEntry first) {
        runtimeProblem = "duplicate: class " + className + " is already registered for " + first.kind + " "
                + first.name + " " + first.actions + " by " + first.bundle + " (service " + first.serviceId + ")";
    }

    boolean isDuplicateProblem() {
        return runtimeProblem != null && runtimeProblem.startsWith("duplicate:");
    }

    void clearDuplicate() {
        if (isDuplicateProblem()) {
            runtimeProblem = null;
        }
    }

    int priority() {
        return priority;
    }

    int ranking() {
        return ranking;
    }

    String bundle() {
        return bundle;
    }

    String className() {
        return className;
    }

    long serviceId() {
        return serviceId;
    }

    /** Class and bundle, for log lines. */
    String label() {
        return className + " [" + bundle + "]";
    }

    TaskletInfo info() {
        String p = problem();
        return new TaskletInfo(kind, name, actions, priority, className, bundle, bundleId,
                p == null ? (removed ? "stopping" : "active") : "broken", p);
    }
}
