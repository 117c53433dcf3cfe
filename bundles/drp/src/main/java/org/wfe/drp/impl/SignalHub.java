package org.wfe.drp.impl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.StoreSignals.Listener;

/**
 * Who listens on which channel, and the one platform thread that calls them, so that a slow subscriber holds
 * up other subscribers but never the connection that receives (nor the sender). A listener that throws is
 * logged and stays subscribed.
 */
final class SignalHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalHub.class);

    private final Map<String, List<Listener>> byChannel = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("wfe-drp-signals-deliver").daemon().factory());

    /** @return true when this is the channel's first listener */
    synchronized boolean add(String channel, Listener l) {
        List<Listener> ls = byChannel.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>());
        ls.add(l);
        return ls.size() == 1;
    }

    /** @return true when the channel has no listener left */
    synchronized boolean remove(String channel, Listener l) {
        List<Listener> ls = byChannel.get(channel);
        if (ls == null || !ls.remove(l)) {
            return false;
        }
        if (ls.isEmpty()) {
            byChannel.remove(channel);
            return true;
        }
        return false;
    }

    Set<String> channels() {
        return Set.copyOf(byChannel.keySet());
    }

    void deliver(String channel, String payload) {
        for (Listener l : byChannel.getOrDefault(channel, List.of())) {
            call(channel, () -> l.signalled(channel, payload));
        }
    }

    void recheck(String channel) {
        for (Listener l : byChannel.getOrDefault(channel, List.of())) {
            call(channel, () -> l.recheck(channel));
        }
    }

    void recheckAll() {
        byChannel.keySet().forEach(this::recheck);
    }

    /** Only that listener, e.g. the one just subscribed on a channel already listened to. */
    void recheck(String channel, Listener l) {
        call(channel, () -> l.recheck(channel));
    }

    private void call(String channel, Runnable r) {
        try {
            calls.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("a listener of store signals on {} failed: {}", channel, e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            // the store is closing: nobody is told any more
        }
    }

    @Override
    public void close() {
        byChannel.clear();
        calls.shutdown();
    }
}
