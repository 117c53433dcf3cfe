package org.wfe.agent.controller.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.job.LogText;
import org.wfe.agent.protocol.AgentIq;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.Connections;
import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.KillRequest;
import org.wfe.agent.protocol.OutputBatch;
import org.wfe.agent.protocol.Parts;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.ProtocolException;
import org.wfe.agent.protocol.Reassembly;
import org.wfe.agent.protocol.ScriptQuery;
import org.wfe.agent.protocol.ScriptStatus;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentNotAvailableException;

/**
 * Agents over XMPP: one Smack connection (reconnecting by itself), the {@code output} and {@code result}
 * handlers, and {@code exec}/{@code kill} requests. Which agents are alive is {@link Liveness}'s business.
 */
final class XmppChannel implements Channel {

    private static final Logger LOG = LoggerFactory.getLogger(XmppChannel.class);

    private final Settings settings;
    private final Sink sink;
    private final XMPPTCPConnection conn;
    final Map<String, AgentState> agents = new ConcurrentHashMap<>();
    /** Results and output too big for one stanza come in parts (Parts): collected here until their last one. */
    private final Reassembly parts = new Reassembly();
    private final Liveness liveness;
    private volatile boolean closed;
    /** Why the session is not up (the last login failure or connection loss), for the health check. */
    private volatile String problem;

    XmppChannel(Settings settings, Sink sink) {
        this.settings = settings;
        this.sink = sink;
        SmackInit.ensure();
        this.conn = Connections.create(settings.xmpp(), settings.ackTimeout().toMillis());
        // in order, one at a time: a job's output lines stay in order and its result comes after them
        conn.registerIQRequestHandler(handler());
        PingManager.getInstanceFor(conn);
        this.liveness = new Liveness(conn, settings, this, sink);
        conn.addConnectionListener(new ConnectionListener() {
            @Override
            public void authenticated(XMPPConnection c, boolean resumed) {
                problem = null;
                LOG.info("agent controller logged in to XMPP as {}", c.getUser());
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                problem = "connection lost: " + e;
                LOG.warn("agent controller lost its XMPP connection ({}); reconnecting", e.toString());
            }
        });
    }

    /** Logs in on a thread of its own, retrying until the server answers (activation never waits for it). */
    void start() {
        liveness.start();
        Connections.loginUntilUp(conn, "wfe-agentcontroller-connect", () -> closed,
                e -> {
                    problem = "cannot log in: " + e;
                    LOG.warn("agent controller cannot log in to {}: {}; retrying in 2 s", settings.xmpp(), e.toString());
                });
    }

    boolean authenticated() {
        return conn.isAuthenticated();
    }

    String problem() {
        return problem;
    }

    AgentState state(String agent) {
        return agents.computeIfAbsent(agent, AgentState::new);
    }

    EntityFullJid jid(String agent) {
        try {
            return JidCreate.entityFullFrom(agent + "@" + settings.xmpp().domain() + "/" + Protocol.AGENT_RESOURCE);
        } catch (Exception e) {
            throw new IllegalArgumentException("agent guid '" + agent + "' is not a valid XMPP user name: " + e.getMessage(), e);
        }
    }

    /** The agent a stanza comes from, when it is one of ours (same domain); else null. */
    String agentOf(Jid from) {
        if (from == null || from.getLocalpartOrNull() == null || !from.getDomain().toString().equals(settings.xmpp().domain())) {
            return null;
        }
        return from.getLocalpartOrNull().toString();
    }

    @Override
    public boolean online(String agent) {
        AgentState s = agents.get(agent);
        return conn.isAuthenticated() && s != null && s.online;
    }

    @Override
    public CompletableFuture<Void> exec(String agent, ExecRequest req) {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        try {
            // a script over one stanza's size goes in parts, each after the previous one's answer
            Parts.sendInOrder(Parts.split(Protocol.EXEC, Codec.encode(req)), iq -> send(agent, iq)).whenComplete((answer, e) -> {
                if (e == null) {
                    state(agent).touch();
                    accepted.complete(null);
                } else {
                    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    accepted.completeExceptionally(refusal(agent, c instanceof Exception x ? x : new IllegalStateException(c)));
                }
            });
        } catch (RuntimeException e) {
            accepted.completeExceptionally(refusal(agent, e));
        }
        return accepted;
    }

    private CompletableFuture<IQ> send(String agent, AgentIq iq) {
        iq.setTo(jid(agent));
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        try {
            conn.sendIqRequestAsync(iq, settings.ackTimeout().toMillis()).onSuccess(answer::complete).onError(answer::completeExceptionally);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** The server's answer for an agent that has no session: what an IQ to an offline full address gets back. */
    static boolean noSuchSession(Exception e) {
        if (e instanceof XMPPException.XMPPErrorException xe) {
            StanzaError.Condition c = xe.getStanzaError().getCondition();
            return c == StanzaError.Condition.service_unavailable || c == StanzaError.Condition.recipient_unavailable
                    || c == StanzaError.Condition.item_not_found;
        }
        return false;
    }

    private RuntimeException refusal(String agent, Exception e) {
        if (noSuchSession(e)) {
            return new AgentNotAvailableException(agent);
        }
        if (e instanceof XMPPException.XMPPErrorException xe) {
            StanzaError.Condition c = xe.getStanzaError().getCondition();
            return new IllegalStateException("agent " + agent + " refused the script: " + c + " " + Codec.errorText(xe.getStanzaError()), e);
        }
        if (e instanceof SmackException.NoResponseException) {
            return new ChannelDownException("agent " + agent + " did not accept the script within " + settings.ackTimeout().toSeconds() + " s", e);
        }
        if (e instanceof SmackException.NotConnectedException || !conn.isAuthenticated()) {
            return new ChannelDownException("the agent controller is not connected to the XMPP server", e);
        }
        return new IllegalStateException("sending the script to agent " + agent + " failed: " + e, e);
    }

    /** Asks the agent what it knows of a job (a takeover); completes with its answer, exceptionally when none came. */
    CompletableFuture<ScriptStatus> query(String agent, ScriptQuery q) {
        IQ iq = Codec.iq(q);
        iq.setTo(jid(agent));
        CompletableFuture<ScriptStatus> answer = new CompletableFuture<>();
        try {
            conn.sendIqRequestAsync(iq, settings.ackTimeout().toMillis()).onSuccess(a -> {
                state(agent).touch();
                try {
                    if (a instanceof AgentIq x && Codec.decode(x) instanceof ScriptStatus st && st.job().equals(q.job())) {
                        answer.complete(st);
                    } else {
                        answer.completeExceptionally(new ProtocolException("agent " + agent + " answered the query of job " + q.job()
                                + " without its status"));
                    }
                } catch (ProtocolException e) {
                    answer.completeExceptionally(e);
                }
            }).onError(e -> answer.completeExceptionally(refusal(agent, e)));
        } catch (RuntimeException e) {
            answer.completeExceptionally(refusal(agent, e));
        }
        return answer;
    }

    @Override
    public void kill(String agent, KillRequest req) {
        IQ iq = Codec.iq(req);
        iq.setTo(jid(agent));
        try {
            conn.sendIqRequestAsync(iq);
        } catch (RuntimeException e) {
            LOG.warn("could not send the kill of job {} to agent {}: {}", req.job(), LogText.escape(agent), LogText.escape(e));
        }
    }

    private AbstractIqRequestHandler handler() {
        return new AbstractIqRequestHandler(Protocol.ELEMENT, Protocol.NAMESPACE, IQ.Type.set, IQRequestHandler.Mode.sync) {
            @Override
            public IQ handleIQRequest(IQ iq) {
                String element = ((AgentIq) iq).kind();
                String agent = agentOf(iq.getFrom());
                if (agent == null) {
                    LOG.warn("refused <{}/> from {}: not an agent of domain {}", LogText.escape(element), LogText.escape(iq.getFrom()), settings.xmpp().domain());
                    return Codec.error(iq, StanzaError.Condition.forbidden, "not an agent of this controller");
                }
                state(agent).touch();
                try {
                    Object message = Codec.decode((AgentIq) iq);
                    if (message instanceof org.wfe.agent.protocol.MessagePart part) {
                        java.util.Optional<AgentIq> whole = parts.accept(iq, part);
                        if (whole.isEmpty()) {
                            return IQ.createResultIQ(iq);
                        }
                        iq = whole.get();
                        element = whole.get().kind();
                        message = Codec.decode(whole.get());
                    }
                    Receipt receipt = switch (message) {
                        case OutputBatch b -> sink.output(agent, b);
                        case ExecResult r -> sink.result(agent, r);
                        case org.wfe.agent.protocol.FactsReport f -> {
                            sink.facts(agent, f);
                            yield Receipt.ACCEPTED;
                        }
                        default -> throw new ProtocolException("<" + element + "/> is not sent to the controller");
                    };
                    return switch (receipt) {
                        case ACCEPTED -> IQ.createResultIQ(iq);
                        // the agent keeps it and sends it again (to whichever controller takes the job over)
                        case NOT_HELD -> Codec.error(iq, StanzaError.Condition.item_not_found, "this controller does not hold the job (yet)");
                        case STALE -> Codec.error(iq, StanzaError.Condition.not_acceptable, "not the job's current token or agent");
                    };
                } catch (ProtocolException e) {
                    LOG.warn("bad <{}/> from agent {}: {}", LogText.escape(element), LogText.escape(agent), LogText.escape(e.getMessage()));
                    return Codec.error(iq, StanzaError.Condition.bad_request, e.getMessage());
                }
            }
        };
    }

    @Override
    public List<AgentInfo> agents(Map<String, List<String>> running) {
        List<AgentInfo> out = new ArrayList<>();
        agents.values().forEach(s -> out.add(new AgentInfo(s.guid, online(s.guid), s.lastSeen(), running.getOrDefault(s.guid, List.of()))));
        return out;
    }

    @Override
    public void close() {
        closed = true;
        liveness.close();
        conn.disconnect();
    }
}
