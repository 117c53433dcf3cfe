package org.wfe.tasklet.engine.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.wfe.api.action.TaskletInfo;
import org.wfe.api.tasklet.Tasklet;

/**
 * The tasklets currently registered, keyed by service id. Adding parses and resolves a tasklet at once
 * so that a broken one is reported when it is deployed, not when an action first needs it. Removing
 * waits a grace period for actions still inside the tasklet, then abandons them (see package-info).
 */
final class TaskletRegistry {

    private final Map<Long, TaskletEntry> entries = new ConcurrentHashMap<>();
    private final Consumer<String> problemLog;
    private volatile Duration grace;

    /**
     * @param problemLog where broken tasklets are reported (the bundle log), one line each
     * @param grace how long a removed tasklet may still run before its actions are abandoned
     */
    TaskletRegistry(Consumer<String> problemLog, Duration grace) {
        this.problemLog = problemLog;
        this.grace = grace;
    }

    void grace(Duration g) {
        grace = g;
    }

    /** Registers a tasklet service; returns its entry, broken or not. */
    TaskletEntry add(long serviceId, Map<String, ?> props, String bundle, long bundleId, Supplier<Tasklet> resolver) {
        TaskletEntry e = TaskletEntry.parse(serviceId, props, bundle, bundleId, resolver);
        e.resolve();
        synchronized (this) {
            entries.put(serviceId, e);
            markDuplicates(e);
        }
        if (e.problem() != null) {
            problemLog.accept("broken tasklet " + e.className() + " in bundle " + bundle + " (service " + serviceId
                    + "): " + e.problem());
        }
        return e;
    }

    /**
     * Unregisters a tasklet: it stops matching at once; actions inside it get {@link #grace} to return,
     * after which they are abandoned (job ERROR, thread interrupted). Blocks the caller (the DS unbind,
     * while the tasklet's bundle is still usable) for at most the grace period.
     */
    TaskletEntry remove(long serviceId) {
        TaskletEntry e;
        synchronized (this) {
            e = entries.remove(serviceId);
            if (e == null) {
                return null;
            }
            e.removed = true;
            markDuplicates(null);
        }
        List<Invocation> inside = List.copyOf(e.inside);
        if (!inside.isEmpty()) {
            CompletableFuture<?> all = CompletableFuture.allOf(inside.stream().map(i -> i.returned)
                    .toArray(CompletableFuture[]::new));
            try {
                all.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException ex) {
                // some are still inside: abandoned below
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            for (Invocation i : inside) {
                if (!i.returned.isDone()) {
                    i.execution.abandon(e);
                }
            }
        }
        return e;
    }

    boolean contains(long serviceId) {
        return entries.containsKey(serviceId);
    }

    /** Usable tasklets serving {@code kind name.action}, in run order. */
    List<TaskletEntry> candidates(String kind, String name, String action) {
        List<TaskletEntry> l = new ArrayList<>(4);
        for (TaskletEntry e : entries.values()) {
            if (e.usable() && e.serves(kind, name, action)) {
                l.add(e);
            }
        }
        l.sort(TaskletEntry.RUN_ORDER);
        return l;
    }

    /** Every entry: usable ones grouped by kind and name in run order, then the broken ones. */
    List<TaskletInfo> infos() {
        List<TaskletEntry> l = new ArrayList<>(entries.values());
        l.sort(Comparator.comparing((TaskletEntry e) -> e.problem() != null)
                .thenComparing(e -> e.kind).thenComparing(e -> e.name).thenComparing(TaskletEntry.RUN_ORDER));
        return l.stream().map(TaskletEntry::info).toList();
    }

    /** Every entry, for the OSGi component to release their service objects on shutdown. */
    List<TaskletEntry> all() {
        return List.copyOf(entries.values());
    }

    /**
     * Two registrations of the same class of the same bundle for an overlapping action: the older one
     * (lower service id) stays, the newer is broken. Recomputed on every change so the survivor takes
     * over when the first leaves.
     */
    private void markDuplicates(TaskletEntry justAdded) {
        List<TaskletEntry> l = new ArrayList<>(entries.values());
        l.sort(Comparator.comparingLong(TaskletEntry::serviceId));
        List<TaskletEntry> kept = new ArrayList<>();
        for (TaskletEntry e : l) {
            boolean wasDuplicate = e.isDuplicateProblem();
            e.clearDuplicate();
            if (e.problem() != null) {
                continue;
            }
            TaskletEntry first = kept.stream().filter(k -> sameClassSameAction(k, e)).findFirst().orElse(null);
            if (first == null) {
                kept.add(e);
            } else {
                e.duplicateOf(first);
                if (!wasDuplicate && e != justAdded) {
                    problemLog.accept("broken tasklet " + e.className() + " in bundle " + e.bundle + ": " + e.problem());
                }
            }
        }
    }

    private static boolean sameClassSameAction(TaskletEntry a, TaskletEntry b) {
        return a.bundleId == b.bundleId && a.className().equals(b.className()) && a.kind.equals(b.kind)
                && a.name.equals(b.name) && a.actions.stream().anyMatch(b.actions::contains);
    }
}
