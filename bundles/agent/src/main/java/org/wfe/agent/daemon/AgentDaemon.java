package org.wfe.agent.daemon;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.wfe.agent.protocol.Connections;
import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.KillRequest;
import org.wfe.agent.protocol.OutputBatch;
import org.wfe.agent.protocol.OutputLine;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.ProtocolException;

/** One agent: its XMPP connection, the commands it obeys, the results it owes the controller. */
public final class AgentDaemon implements AutoCloseable {

    private static final long RESEND_MILLIS = 3000;

    private final AgentConfig config;
    private final BareJid controller;
    private final Jid controllerFull;
    private final ScriptExecutor executor;
    private final XMPPTCPConnection conn;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("wfe-agent-timer").daemon().unstarted(r));
    private volatile boolean closed;

    /** A final result the controller has not acknowledged yet. */
    private static final class Pending {
        final ExecResult result;
        /** Its encoded form, made once: the result is sent again unchanged until acknowledged. */
        final String body;
        final AtomicLong lastSent = new AtomicLong();

        Pending(ExecResult result, String body) {
            this.result = result;
            this.body = body;
        }
    }

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
        conn.registerIQRequestHandler(handler());
        PingManager.getInstanceFor(conn); // answers the controller's liveness pings
        new Subscriptions(conn, controller, this::resendAll).install(timer);
        conn.addConnectionListener(new ConnectionListener() {
            @Override
            public void authenticated(XMPPConnection c, boolean resumed) {
                Log.info("logged in as " + c.getUser() + "; " + pending.size() + " result(s) to deliver");
                resendAll();
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
        timer.scheduleWithFixedDelay(this::resendDue, RESEND_MILLIS, 1000, TimeUnit.MILLISECONDS);
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
                    return switch (Codec.decode((AgentIq) iq)) {
                        case ExecRequest req -> exec(iq, req);
                        case KillRequest req -> kill(iq, req);
                        default -> throw new ProtocolException("<" + kind + "/> is not sent to an agent (it takes exec and kill)");
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
        Pending done = pending.get(req.job());
        if (done != null) {
            send(done); // a repeated exec of a job that already ended: its result again, nothing runs twice
            return IQ.createResultIQ(iq);
        }
        if (executor.running(req.job()) != null) {
            return IQ.createResultIQ(iq);
        }
        AtomicLong seq = new AtomicLong();
        // started before the acknowledgement goes out (posix_spawn takes some 0.15 ms): the ack then travels
        // while the script runs rather than competing with its start for the CPU, and one thread hand-off less
        RunningScript rs = executor.start(req, lines -> sendOutput(req.job(), seq, lines));
        Log.info("job " + req.job() + ": starting its script (" + req.script().length() + " chars)");
        rs.result().thenAccept(r -> {
            Pending p = fitted(r);
            pending.put(r.job(), p);
            send(p); // first, the log line after: the controller is waiting
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
        } else if (pending.get(req.job()) != null) {
            send(pending.get(req.job()));
        }
        return IQ.createResultIQ(iq);
    }

    /** Cuts the captured output until the result fits one stanza. */
    static ExecResult fit(ExecResult r) {
        return fitted(r).result;
    }

    /** {@link #fit} with the encoded body it measured, so a result is encoded once (or once per cut). */
    private static Pending fitted(ExecResult r) {
        ExecResult x = r;
        String body = Codec.encode(x);
        int max = Math.max(x.stdout().length(), x.stderr().length());
        while (Codec.wireSize(body) > Protocol.MAX_BODY_BYTES && max > 0) {
            max /= 2;
            x = x.cut(max);
            body = Codec.encode(x);
        }
        return new Pending(x, body);
    }

    /** One batch of output lines, or two halves (and so on) when quotes and markup make it too big as XML. */
    private void sendOutput(String job, AtomicLong seq, List<OutputLine> lines) {
        if (!conn.isAuthenticated()) {
            return; // log lines are not kept: only the result must survive an outage
        }
        String body = Codec.encode(new OutputBatch(job, seq.get(), lines));
        if (Codec.wireSize(body) > Protocol.MAX_BODY_BYTES && lines.size() > 1) {
            sendOutput(job, seq, lines.subList(0, lines.size() / 2));
            sendOutput(job, seq, lines.subList(lines.size() / 2, lines.size()));
            return;
        }
        seq.incrementAndGet();
        try {
            conn.sendIqRequestAsync(to(new AgentIq(Protocol.OUTPUT, body)));
        } catch (RuntimeException e) {
            // a lost batch of log lines is acceptable
        }
    }

    private void send(Pending p) {
        p.lastSent.set(System.currentTimeMillis());
        if (!conn.isAuthenticated()) {
            return;
        }
        try {
            conn.sendIqRequestAsync(to(new AgentIq(Protocol.RESULT, p.body))).onSuccess(answer -> {
                if (pending.remove(p.result.job(), p)) {
                    Log.info("job " + p.result.job() + ": result delivered");
                }
            });
        } catch (RuntimeException e) {
            // not connected right now: the timer or the next login sends it again
        }
    }

    private IQ to(IQ iq) {
        iq.setTo(controllerFull);
        return iq;
    }

    private void resendAll() {
        pending.values().forEach(this::send);
    }

    private void resendDue() {
        long now = System.currentTimeMillis();
        pending.values().stream().filter(p -> now - p.lastSent.get() >= RESEND_MILLIS).forEach(this::send);
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
