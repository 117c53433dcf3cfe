package org.wfe.agent.controller.impl;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.agent.AgentAcceptance;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.RootObject;
import org.wfe.api.job.LogText;

/**
 * Which agent accounts an operator accepted or rejected, kept in the repository as root objects of type
 * {@value #TYPE} (one per agent, its guid derived from the name), so the decision survives restarts.
 * Everything else is {@link AgentAcceptance#PENDING}: an account of the XMPP domain that merely logs in gets
 * no work. The built-in local agent is always accepted. With {@code autoaccept} (labs) every agent nobody
 * rejected counts as accepted, without being stored.
 * <p>
 * Fails closed: while the stored decisions cannot be read (store down at start), unknown agents are pending.
 */
final class Acceptance {

    static final String TYPE = "agent";
    /** An agent name as operators type it: an XMPP user name without surprises (it also names the agent's JID). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final Logger LOG = LoggerFactory.getLogger(Acceptance.class);
    private static final long STORE_TIMEOUT_SECONDS = 30;
    /**
     * Decisions are read again at most this often (when asked): in a cluster an operator accepts or rejects an
     * agent on one node, and the other nodes must follow, a rejection within this bound (plus the read).
     */
    static final long REFRESH_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final Drp drp;
    private final boolean autoaccept;
    private final boolean localAgent;
    private final Map<String, AgentAcceptance> decided = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private volatile long loadedAt;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param drp where decisions are kept; null keeps them in memory only (tests that are not about restarts) */
    Acceptance(Drp drp, boolean autoaccept) {
        this(drp, autoaccept, true);
    }

    /**
     * @param localAgent whether the built-in local agent runs: when it does not, the name {@code local} is
     *        never accepted, so an XMPP account named {@code local} cannot take the local agent's work
     */
    Acceptance(Drp drp, boolean autoaccept, boolean localAgent) {
        this.drp = drp;
        this.autoaccept = autoaccept;
        this.localAgent = localAgent;
        load();
    }

    boolean autoaccept() {
        return autoaccept;
    }

    AgentAcceptance of(String agent) {
        if (Settings.LOCAL.equals(agent)) {
            return localAgent ? AgentAcceptance.ACCEPTED : AgentAcceptance.PENDING;
        }
        if (!loaded) {
            load();
        } else if (drp != null && System.nanoTime() - loadedAt > REFRESH_NANOS && refreshing.compareAndSet(false, true)) {
            // read again off the caller's thread (XMPP's, often): a slow store must not stall the messages
            Thread.ofVirtual().name("wfe-agent-acceptance-refresh").start(() -> {
                try {
                    load();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        AgentAcceptance a = decided.get(agent);
        if (a != null) {
            return a;
        }
        return autoaccept && loaded ? AgentAcceptance.ACCEPTED : AgentAcceptance.PENDING;
    }

    /** Agents an operator decided on (whether or not they were ever seen). */
    Map<String, AgentAcceptance> decided() {
        return Map.copyOf(decided);
    }

    /** Stores the decision and returns once it is durable; then (and only then) it is in force. */
    synchronized void decide(String agent, AgentAcceptance a) {
        if (agent == null || !NAME.matcher(agent).matches()) {
            throw new IllegalArgumentException("'" + LogText.escape(String.valueOf(agent)) + "' is not an agent name: a letter or digit"
                    + " followed by up to 99 letters, digits, '.', '_' or '-'");
        }
        if (Settings.LOCAL.equals(agent)) {
            throw new IllegalArgumentException("the built-in agent 'local' is always accepted (and never, when it is turned off)");
        }
        if (drp != null) {
            String guid = guid(agent);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", agent);
            body.put("acceptance", a.label());
            body.put("decided", Instant.now().toString());
            RootObject o = drp.get(TYPE, guid).map(old -> old.withBody(body))
                    .orElseGet(() -> new RootObject(TYPE, guid, 0, body, null, null));
            try {
                drp.save(o).toCompletableFuture().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not store that agent " + agent + " is " + a.label() + ": " + e.getCause().getMessage(),
                        e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("the store did not confirm within " + STORE_TIMEOUT_SECONDS + " s that agent " + agent
                        + " is " + a.label() + " (is it up? wfe:drp-status)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while storing the acceptance of agent " + agent, e);
            }
        }
        decided.put(agent, a);
        LOG.info("agent {} is now {}", agent, a.label());
    }

    /** One stored object per agent: its guid is a name-based UUID, so a lookup needs no query. */
    static String guid(String agent) {
        return UUID.nameUUIDFromBytes(("wfe-agent:" + agent).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private synchronized void load() {
        if (loaded && (drp == null || System.nanoTime() - loadedAt <= REFRESH_NANOS)) {
            return;
        }
        if (drp == null) {
            loaded = true;
            return;
        }
        try {
            List<RootObject> all = drp.find(TYPE, Map.of(), 0, 10_000);
            for (RootObject o : all) {
                if (o.body().get("name") instanceof String n && o.body().get("acceptance") instanceof String s) {
                    try {
                        decided.put(n, AgentAcceptance.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("ignoring stored acceptance '{}' of agent {}", LogText.escape(s), LogText.escape(n));
                    }
                }
            }
            loadedAt = System.nanoTime();
            if (!loaded) {
                LOG.info("agent acceptance: {} decision(s) read from the repository; autoaccept {}", decided.size(),
                        autoaccept ? "ON (labs only)" : "off");
            }
            loaded = true;
        } catch (RuntimeException e) {
            if (loaded) { // the decisions read before stay in force; the next ask tries again
                loadedAt = System.nanoTime();
                LOG.debug("could not read the agent decisions again: {}", e.toString());
                return;
            }
            LOG.warn("cannot read the accepted agents from the repository yet ({}): agents other than 'local' count as pending", e.toString());
        }
    }
}
