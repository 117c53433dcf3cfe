package org.wfe.agent.daemon;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.wfe.agent.exec.RunningScript;
import org.wfe.agent.exec.ScriptExecutor;
import org.wfe.agent.protocol.AgentIq;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.MessagePart;
import org.wfe.agent.protocol.Reassembly;
import org.wfe.agent.protocol.Connections;
import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.KillRequest;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.ProtocolException;
import org.wfe.agent.protocol.ScriptQuery;
import org.wfe.agent.protocol.ScriptStatus;

/** One agent: its XMPP connection, the commands it obeys, the results it owes the controller. */
public final class AgentDaemon implements AutoCloseable {

    private static final long RESEND_MILLIS = 3000;

    private final AgentConfig config;
    private final BareJid controller;
    private final Jid controllerFull;
    private final ScriptExecutor executor;
    private final XMPPTCPConnection conn;
    private final Outbox outbox;
    /** Scripts too big for one stanza come in parts (Parts): collected here until their last one. */
    private final Reassembly parts = new Reassembly();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("wfe-agent-timer").daemon().unstarted(r));
    private final FactsReporter facts;
    private volatile boolean closed;

    public AgentDaemon(AgentConfig config) {
        this.config = config;
        try {
            this.controller = JidCreate.bareFrom(config.controller());
            this.controllerFull = JidCreate.fullFrom(config.controller() + "/" + Protocol.CONTROLLER_RESOURCE);
        } catch (Exception e) {
            throw new IllegalArgumentException("controller '" + config.controller() + "' is not a JID: " + e.getMessage(), e);
        }
        this.executor = new ScriptExecutor(config.workDir(), config.limits());
        Codec.useXmlParser();
        Codec.registerProviders();
        this.conn = Connections.create(config.xmpp(), 10_000);
        this.outbox = new Outbox(new XmppWire(conn, controller, controllerFull), System::currentTimeMillis);
        conn.registerIQRequestHandler(handler());
        PingManager.getInstanceFor(conn); // answers the controller's liveness pings
        this.facts = new FactsReporter(conn, controllerFull, config.labels(), Facts::measure);
        // a controller resource that comes or goes may change where the debts go, and one that was away may
        // have missed a change of facts
        new Subscriptions(conn, controller, () -> {
            outbox.flushAll();
            facts.report();
        }).install(timer);
        conn.addConnectionListener(new ConnectionListener() {
            @Override
            public void authenticated(XMPPConnection c, boolean resumed) {
                Log.info("logged in as " + c.getUser() + "; " + outbox.size() + " job(s) with output or a result to deliver");
                outbox.flushAll();
                facts.report();
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                Log.warn("connection lost (" + e.getMessage() + "); reconnecting");
            }
        });
    }

    /** Connects (retrying until the server answers) on a thread of its own. */
    public void start() {
        Log.info("starting: " + config.xmpp() + ", controller " + controller + ", work dir " + config.workDir());
        timer.scheduleWithFixedDelay(() -> {
            try {
                outbox.flushAll();
                outbox.expire();
            } catch (RuntimeException e) {
                Log.warn("delivering kept results failed: " + e); // caught: an exception would end the schedule
            }
        }, RESEND_MILLIS, RESEND_MILLIS, TimeUnit.MILLISECONDS);
        facts.install(timer, config.factsIntervalSeconds());
        Connections.loginUntilUp(conn, "wfe-agent-connect", () -> closed,
                e -> Log.warn("cannot log in to " + config.xmpp() + ": " + e.getMessage() + "; retrying in 2 s"));
    }

    private AbstractIqRequestHandler handler() {
        return new AbstractIqRequestHandler(Protocol.ELEMENT, Protocol.NAMESPACE, IQ.Type.set, IQRequestHandler.Mode.async) {
            @Override
            public IQ handleIQRequest(IQ iq) {
                Jid from = iq.getFrom();
                String kind = ((AgentIq) iq).kind();
                if (from == null || !from.asBareJid().equals(controller)) {
                    Log.warn("refused <" + kind + "/> from " + from + ": only " + controller + " may command this agent");
                    return Codec.error(iq, StanzaError.Condition.forbidden, "only " + controller + " may command this agent");
                }
                try {
                    Object message = Codec.decode((AgentIq) iq);
                    if (message instanceof MessagePart part) {
                        // a script over one stanza's size: answered as a whole once its last part is in
                        java.util.Optional<AgentIq> whole = parts.accept(iq, part);
                        if (whole.isEmpty()) {
                            return IQ.createResultIQ(iq);
                        }
                        iq = whole.get();
                        message = Codec.decode(whole.get());
                    }
                    return switch (message) {
                        case ExecRequest req -> exec(iq, req);
                        case KillRequest req -> kill(iq, req);
                        case ScriptQuery q -> query(iq, q);
                        default -> throw new ProtocolException("<" + kind + "/> is not sent to an agent (it takes exec, kill and query)");
                    };
                } catch (ProtocolException e) {
                    Log.warn("bad <" + kind + "/> from " + from + ": " + e.getMessage());
                    return Codec.error(iq, StanzaError.Condition.bad_request, e.getMessage());
                } catch (RuntimeException e) {
                    Log.warn("<" + kind + "/> from " + from + " failed: " + e);
                    return Codec.error(iq, StanzaError.Condition.internal_server_error, String.valueOf(e.getMessage()));
                }
            }
        };
    }

    private IQ exec(IQ iq, ExecRequest req) {
        boolean running = executor.running(req.job()) != null;
        if (running || outbox.finished(req.job())) {
            // a repeated exec: nothing runs twice; what it owes goes to the sender (its result again, if ended)
            outbox.claim(req.job(), iq.getFrom(), req.token(), running);
            return IQ.createResultIQ(iq);
        }
        outbox.started(req.job(), iq.getFrom(), req.token());
        // started before the acknowledgement goes out (posix_spawn takes some 0.15 ms): the ack then travels
        // while the script runs rather than competing with its start for the CPU, and one thread hand-off less
        RunningScript rs = executor.start(req, lines -> outbox.output(req.job(), lines));
        Log.info("job " + req.job() + ": starting its script (" + req.script().length() + " chars)");
        rs.result().thenAccept(r -> {
            outbox.finished(fit(r)); // first, the log line after: the controller is waiting
            Log.info("job " + r.job() + ": exit code " + r.exitCode() + (r.ending() == null ? "" : " (" + r.ending() + ")")
                    + " after " + r.durationMillis() + " ms");
        });
        return IQ.createResultIQ(iq);
    }

    private IQ kill(IQ iq, KillRequest req) {
        RunningScript rs = executor.running(req.job());
        if (rs != null) {
            Log.info("job " + req.job() + ": killing its process group (" + req.reason() + ")");
            rs.kill(req.reason(), java.time.Duration.ofMillis(req.graceMillis()));
        } else {
            outbox.flushAll();
        }
        return IQ.createResultIQ(iq);
    }

    /** A controller that took the job over asks what we know; from now on the job's debts go to it. */
    private IQ query(IQ iq, ScriptQuery q) {
        boolean running = executor.running(q.job()) != null;
        ScriptStatus.State state = outbox.claim(q.job(), iq.getFrom(), q.token(), running);
        Log.info("job " + q.job() + ": " + iq.getFrom() + " asked for it (token " + q.token() + "): " + state);
        AgentIq answer = new AgentIq(Protocol.STATUS, Codec.encode(new ScriptStatus(q.job(), state)));
        answer.setType(IQ.Type.result);
        answer.setStanzaId(iq.getStanzaId());
        answer.setTo(iq.getFrom());
        return answer;
    }

    /** Cuts the captured output until the result fits one message (sent in parts past one stanza). */
    static ExecResult fit(ExecResult r) {
        ExecResult x = r;
        int max = Math.max(x.stdout().length(), x.stderr().length());
        while (Codec.wireSize(Codec.encode(x)) > Protocol.MAX_MESSAGE_BYTES && max > 0) {
            max /= 2;
            x = x.cut(max);
        }
        return x;
    }

    /** Logged in to the XMPP server right now. */
    public boolean online() {
        return conn.isAuthenticated();
    }

    public List<String> runningJobs() {
        return executor.runningJobs();
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        executor.killAll(ExecResult.KILLED);
        conn.disconnect();
        Log.info("stopped");
    }
}
