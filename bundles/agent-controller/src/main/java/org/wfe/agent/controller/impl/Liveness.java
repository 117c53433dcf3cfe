package org.wfe.agent.controller.impl;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.RosterLoadedListener;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.job.LogText;

/**
 * Which agents are alive, for the ones running our scripts:
 * <ul>
 * <li>presence: agents subscribe to the controller and it subscribes back (and asks any agent of its roster
 * whose presence it does not get), so the server tells us at once when an agent's connection ends (a killed
 * process). An "unavailable" counts only once the server, asked after it, says it has no session of the agent
 * (an error answer to a ping of the agent's address) and our connection stayed up for a moment: a server shutting
 * down sends "unavailable" for everyone too, just before it closes ours, and answers nothing in between. Even then
 * the agent has the offline grace to come back (a blip, a re-login in a presence storm): its agent keeps the
 * result until it is acknowledged, and the controller asks it about each script when it is back;</li>
 * <li>XEP-0199 pings: a frozen agent keeps its socket open and its presence; an agent that answers nothing
 * (no ping, no stanza) for the ping timeout is lost;</li>
 * <li>our own outage: scripts wait up to the reconnect grace for the server and their agents to return.</li>
 * </ul>
 */
final class Liveness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);
    private static final long OFFLINE_CONFIRM_MILLIS = 700;
    private static final long CHECK_MILLIS = 200;

    private final XMPPTCPConnection conn;
    private final Settings settings;
    private final XmppChannel channel;
    private final Channel.Sink sink;
    private final long pingInterval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("wfe-agentcontroller-liveness").daemon().unstarted(r));
    private volatile long connectedSince;
    private volatile long disconnectedSince = System.currentTimeMillis();
    /** Agents asked for their presence since our last login (see askForPresence). */
    private final Set<BareJid> askedSinceLogin = ConcurrentHashMap.newKeySet();

    Liveness(XMPPTCPConnection conn, Settings settings, XmppChannel channel, Channel.Sink sink) {
        this.conn = conn;
        this.settings = settings;
        this.channel = channel;
        this.sink = sink;
        this.pingInterval = Math.max(500, settings.pingTimeout().toMillis() / 4);
    }

    void start() {
        Roster roster = Roster.getInstanceFor(conn);
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        roster.addSubscribeListener((Jid from, Presence p) -> {
            if (channel.agentOf(from) != null) {
                return SubscribeListener.SubscribeAnswer.ApproveAndAlsoRequestIfRequired;
            }
            LOG.warn("refused a presence subscription from {}: not of domain {}", LogText.escape(from), settings.xmpp().domain());
            return SubscribeListener.SubscribeAnswer.Deny;
        });
        roster.addRosterLoadedListener(new RosterLoadedListener() {
            @Override
            public void onRosterLoaded(Roster r) {
                // entries unchanged since our last login raise no roster event: look at all of them
                r.getEntries().forEach(e -> askForPresence(r, e.getJid()));
            }

            @Override
            public void onRosterLoadingFailed(Exception e) {
            }
        });
        roster.addRosterListener(new RosterListener() {
            @Override
            public void presenceChanged(Presence p) {
                onPresence(p);
            }

            @Override
            public void entriesAdded(Collection<Jid> addresses) {
                addresses.forEach(a -> {
                    String agent = channel.agentOf(a);
                    if (agent != null) {
                        channel.state(agent);
                        askForPresence(roster, a.asBareJid());
                    }
                });
            }

            @Override
            public void entriesUpdated(Collection<Jid> addresses) {
                addresses.forEach(a -> askForPresence(roster, a.asBareJid()));
            }

            @Override
            public void entriesDeleted(Collection<Jid> addresses) {
            }
        });
        // anything an agent sends shows it is alive
        conn.addAsyncStanzaListener(st -> {
            String agent = channel.agentOf(st.getFrom());
            AgentState s = agent == null ? null : channel.agents.get(agent);
            if (s != null && !(st instanceof Presence p && !p.isAvailable())) {
                s.touch();
            }
        }, st -> st.getFrom() != null);
        conn.addConnectionListener(new ConnectionListener() {
            @Override
            public void authenticated(XMPPConnection c, boolean resumed) {
                connectedSince = System.currentTimeMillis();
                disconnectedSince = 0;
                channel.agents.values().forEach(AgentState::touch); // our outage is not their silence
            }

            @Override
            public void connectionClosed() {
                lost();
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                lost();
            }

            private void lost() {
                askedSinceLogin.clear();
                if (disconnectedSince == 0) {
                    disconnectedSince = System.currentTimeMillis();
                }
            }
        });
        timer.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Asks an agent in our roster for its presence when we neither see it nor have asked. We ask back when we
     * approve an agent's request, but another session of our account may have approved it without asking (a
     * client that accepts everyone), and the roster then says "from": the agent sees us, we never see it, and
     * it has no reason to ask again. Once per agent and login: an agent that refuses is not asked in a loop.
     */
    private void askForPresence(Roster roster, BareJid jid) {
        if (channel.agentOf(jid) == null) {
            return;
        }
        RosterEntry e = roster.getEntry(jid);
        if (e == null || e.canSeeHisPresence() || e.isSubscriptionPending() || !askedSinceLogin.add(jid)) {
            return;
        }
        try {
            roster.sendSubscriptionRequest(jid);
            LOG.info("asked agent {} for its presence (our roster had it without a subscription to it)", LogText.escape(jid));
        } catch (Exception ex) {
            askedSinceLogin.remove(jid);
            LOG.warn("could not ask agent {} for its presence: {}", LogText.escape(jid), LogText.escape(ex));
        }
    }

    private void onPresence(Presence p) {
        String agent = channel.agentOf(p.getFrom());
        if (agent == null) {
            return;
        }
        AgentState s = channel.state(agent);
        if (p.isAvailable()) {
            if (!s.online) {
                sink.cameOnline(agent);
            }
            s.online = true;
            s.offlineSeenAt = 0;
            s.touch();
        } else {
            s.online = false;
            s.offlineSeenAt = System.currentTimeMillis();
        }
    }

    private void check() {
        try {
            long now = System.currentTimeMillis();
            long grace = settings.reconnectGrace().toMillis();
            for (String agent : sink.busyAgents()) {
                if (Settings.LOCAL.equals(agent) && !channel.agents.containsKey(agent)) {
                    continue;
                }
                if (!conn.isAuthenticated()) {
                    long since = disconnectedSince;
                    if (since > 0 && now - since > grace) {
                        sink.lost(agent, "the agent controller has been cut off from the XMPP server for " + (now - since) / 1000
                                + " s: the outcome of the script on agent " + agent + " is unknown");
                    }
                    continue;
                }
                AgentState s = channel.state(agent);
                if (!s.online) {
                    long off = s.offlineSeenAt;
                    if (off > connectedSince) {
                        if (s.goneConfirmedAt >= off && now - off >= Math.max(OFFLINE_CONFIRM_MILLIS, settings.offlineGrace().toMillis())) {
                            sink.lost(agent, "agent " + agent + " went offline while running the script (XMPP presence unavailable)"
                                    + " and did not come back within " + settings.offlineGrace().toSeconds() + " s");
                        } else if (s.goneProbeSentAt < off || now - s.goneProbeSentAt > pingInterval) {
                            askServerIfGone(s, off);
                        }
                    } else if (now - connectedSince > grace) {
                        sink.lost(agent, "agent " + agent + " has not come back online within " + grace / 1000 + " s");
                    }
                    continue;
                }
                // silence alone is no fault (an idle agent sends nothing): only a ping left unanswered is
                long quiet = now - s.lastSeenMillis;
                if (!s.pinging) {
                    if (quiet > pingInterval) {
                        ping(s);
                    }
                } else if (now - s.pingSentAt >= settings.pingTimeout().toMillis() / 2 && quiet > settings.pingTimeout().toMillis()) {
                    // an agent quiet for long (idle) gets half the timeout to answer its first ping
                    sink.lost(agent, "agent " + agent + " answered no XMPP ping for " + (now - s.pingSentAt) / 1000
                            + " s and sent nothing for " + quiet / 1000 + " s (frozen, or its host is cut off)");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("agent liveness check failed", e);
        }
    }

    /**
     * Pings the agent's full address after its "unavailable": the server answers for it with an error when it has no
     * such session. The answer must belong to this login and this offline spell; a pong means the agent is there after
     * all (its new presence is on its way), and no answer means our own connection is going (handled as our outage).
     */
    private void askServerIfGone(AgentState s, long offlineSeenAt) {
        long login = connectedSince;
        s.goneProbeSentAt = System.currentTimeMillis();
        try {
            conn.sendIqRequestAsync(new Ping(channel.jid(s.guid)), 2 * settings.pingTimeout().toMillis())
                    .onSuccess(pong -> s.touch())
                    .onError(e -> {
                        if (XmppChannel.noSuchSession(e) && connectedSince == login && s.offlineSeenAt == offlineSeenAt) {
                            s.goneConfirmedAt = System.currentTimeMillis();
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debug("presence check of agent {} not sent: {}", s.guid, e.toString());
        }
    }

    private void ping(AgentState s) {
        s.pingSentAt = System.currentTimeMillis();
        s.pinging = true;
        try {
            // the answer touches the agent's state (the stanza listener); no answer is judged by check()
            conn.sendIqRequestAsync(new Ping(channel.jid(s.guid)), 2 * settings.pingTimeout().toMillis());
        } catch (RuntimeException e) {
            LOG.debug("ping of agent {} not sent: {}", s.guid, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
