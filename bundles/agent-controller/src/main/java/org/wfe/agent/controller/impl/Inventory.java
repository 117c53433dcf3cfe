package org.wfe.agent.controller.impl;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.agent.protocol.FactsReport;
import org.wfe.agent.protocol.ProtocolException;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.RootObject;
import org.wfe.api.job.LogText;

/**
 * What agents told us about themselves, kept in the repository as root objects of type {@value #TYPE}
 * (one per agent, its guid derived from the name, as {@link Acceptance} does): facts, labels, first and last
 * seen. A restart of the engine reads them back; presence itself is live and never stored.
 * <p>
 * Writes are coalesced: a change marks the agent dirty and one thread writes the latest state of each dirty
 * agent at most once a second, so an agent that reports a thousand times a second costs one write a second
 * and no queue grows. Being seen again without a change is written at most once a minute.
 */
final class Inventory implements AutoCloseable {

    static final String TYPE = "agent-inventory";
    /** Far more than a fleet; a bound so that a flood of accounts of the domain cannot fill the store. */
    static final int MAX_AGENTS = 20_000;
    private static final long SEEN_WRITE_MILLIS = 60_000;
    /** The repository's largest page. */
    private static final int PAGE = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

    /** One agent's inventory; {@code stored} is the object last written (its version), null before. */
    record Entry(String agent, Instant firstSeen, Instant lastSeen, Map<String, String> facts, Map<String, String> labels,
            Instant lastWritten) {
    }

    private final Drp drp;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, RootObject> stored = new ConcurrentHashMap<>();
    private final Map<String, Boolean> dirty = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer;
    private volatile boolean loaded;
    private boolean loadFailedLogged;

    /** @param drp where the inventory is kept; null keeps it in memory only */
    Inventory(Drp drp) {
        this.drp = drp;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("wfe-agent-inventory").daemon().unstarted(r));
        load();
        writer.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
    }

    Optional<Entry> of(String agent) {
        return Optional.ofNullable(entries.get(agent));
    }

    Map<String, Entry> all() {
        return Map.copyOf(entries);
    }

    /** The agent reported its facts and labels. */
    void report(String agent, FactsReport f) {
        update(agent, f);
    }

    /** The agent came online: its last seen moves (written lazily). */
    void seen(String agent) {
        update(agent, null);
    }

    private void update(String agent, FactsReport f) {
        if (!entries.containsKey(agent) && entries.size() >= MAX_AGENTS) {
            LOG.warn("agent inventory holds {} agents, its bound: {} is not added", MAX_AGENTS, LogText.escape(agent));
            return;
        }
        Instant now = Instant.now();
        Entry before = entries.get(agent);
        Entry after = before == null
                ? new Entry(agent, now, now, f == null ? Map.of() : f.facts(), f == null ? Map.of() : f.labels(), null)
                : new Entry(agent, before.firstSeen(), now, f == null ? before.facts() : f.facts(), f == null ? before.labels() : f.labels(),
                        before.lastWritten());
        entries.put(agent, after);
        boolean changed = before == null || !before.facts().equals(after.facts()) || !before.labels().equals(after.labels());
        if (changed || after.lastWritten() == null || now.toEpochMilli() - after.lastWritten().toEpochMilli() >= SEEN_WRITE_MILLIS) {
            dirty.put(agent, Boolean.TRUE);
        }
    }

    /** Writes every dirty agent's latest state; a failed write stays dirty for the next round. */
    void flush() {
        if (drp == null) {
            dirty.clear();
            return;
        }
        if (!loaded) {
            load(); // never overwrite what the store holds with what we saw since the start
            if (!loaded) {
                return;
            }
        }
        for (String agent : List.copyOf(dirty.keySet())) {
            dirty.remove(agent);
            Entry e = entries.get(agent);
            try {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", agent);
                body.put("firstSeen", e.firstSeen().toString());
                body.put("lastSeen", e.lastSeen().toString());
                body.put("facts", e.facts());
                body.put("labels", e.labels());
                RootObject before = stored.get(agent);
                if (before != null && !(e.facts().equals(before.body().get("facts")) && e.labels().equals(before.body().get("labels")))) {
                    // said when written, not per report: an agent reporting a change a millisecond logs a line a second
                    LOG.info("agent {}: facts {} labels {}", LogText.escape(agent), LogText.escape(e.facts()), LogText.escape(e.labels()));
                }
                RootObject o = Optional.ofNullable(before).map(old -> old.withBody(body))
                        .orElseGet(() -> new RootObject(TYPE, guid(agent), 0, body, null, null));
                RootObject saved = drp.save(o).toCompletableFuture().get(30, TimeUnit.SECONDS);
                stored.put(agent, saved);
                entries.computeIfPresent(agent, (k, cur) -> new Entry(k, cur.firstSeen(), cur.lastSeen(), cur.facts(), cur.labels(), Instant.now()));
            } catch (Exception ex) {
                dirty.put(agent, Boolean.TRUE);
                stored.remove(agent); // read its version again next time (a stale one fails every save)
                drp.get(TYPE, guid(agent)).ifPresent(o -> stored.put(agent, o));
                LOG.warn("could not store the inventory of agent {} ({}); trying again", LogText.escape(agent), ex.toString());
                return; // the store is in trouble: the next round tries again
            }
        }
    }

    static String guid(String agent) {
        return UUID.nameUUIDFromBytes(("wfe-agent-inventory:" + agent).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private synchronized void load() {
        if (loaded || drp == null) {
            loaded = true;
            return;
        }
        try {
            List<RootObject> all = new java.util.ArrayList<>();
            for (int offset = 0; offset < MAX_AGENTS; offset += PAGE) {
                List<RootObject> page = drp.find(TYPE, Map.of(), offset, PAGE);
                all.addAll(page);
                if (page.size() < PAGE) {
                    break;
                }
            }
            for (RootObject o : all) {
                try {
                    Entry e = entry(o);
                    stored.put(e.agent(), o);
                    // a report that came in before the store could be read wins; its first seen does not
                    entries.merge(e.agent(), e, (live, old) -> new Entry(live.agent(), old.firstSeen(), live.lastSeen(),
                            live.facts(), live.labels(), null));
                } catch (RuntimeException ex) {
                    LOG.warn("ignoring stored inventory {} ({})", o.guid(), LogText.escape(ex.getMessage()));
                }
            }
            loaded = true;
            LOG.info("agent inventory: {} agent(s) read from the repository", entries.size());
        } catch (RuntimeException e) {
            if (!loadFailedLogged) {
                loadFailedLogged = true;
                LOG.warn("cannot read the agent inventory from the repository yet ({}); trying again every second", e.toString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Entry entry(RootObject o) {
        Map<String, Object> b = o.body();
        if (!(b.get("name") instanceof String name)) {
            throw new ProtocolException("no name");
        }
        // read back through the same bounds an agent's report meets
        FactsReport f = new FactsReport((Map<String, String>) b.get("facts"), (Map<String, String>) b.get("labels"));
        return new Entry(name, Instant.parse((String) b.get("firstSeen")), Instant.parse((String) b.get("lastSeen")), f.facts(), f.labels(),
                Instant.EPOCH);
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(); // what came in last is not lost by a clean stop
    }
}
