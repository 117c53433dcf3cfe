package org.wfe.agent.daemon;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jivesoftware.smack.XMPPConnection;
import org.jxmpp.jid.Jid;
import org.wfe.agent.protocol.AgentIq;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.FactsReport;
import org.wfe.agent.protocol.Protocol;

/**
 * Tells the controller this agent's facts and labels: at each login, whenever the controller comes back,
 * and when a look every {@code facts.interval} finds them changed. Nothing is kept to resend: the next
 * occasion sends the facts as they are then.
 */
final class FactsReporter {

    private final XMPPConnection conn;
    private final Jid controller;
    private final Map<String, String> labels;
    private final Supplier<Map<String, String>> measure;
    private volatile FactsReport last;

    FactsReporter(XMPPConnection conn, Jid controller, Map<String, String> labels, Supplier<Map<String, String>> measure) {
        this.conn = conn;
        this.controller = controller;
        this.labels = labels;
        this.measure = measure;
    }

    void install(ScheduledExecutorService timer, long intervalSeconds) {
        timer.scheduleWithFixedDelay(this::reportIfChanged, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** Sends the facts as they are now. */
    void report() {
        send(current());
    }

    private void reportIfChanged() {
        try {
            FactsReport now = current();
            if (!now.equals(last)) {
                Log.info("facts changed: " + now.facts());
                send(now);
            }
        } catch (RuntimeException e) {
            // caught here: an exception would end the timer's schedule
            Log.warn("could not measure the facts: " + e);
        }
    }

    private FactsReport current() {
        return new FactsReport(measure.get(), labels);
    }

    private void send(FactsReport f) {
        last = f;
        if (!conn.isAuthenticated()) {
            return; // the next login reports them
        }
        AgentIq iq = new AgentIq(Protocol.FACTS, Codec.encode(f));
        iq.setTo(controller);
        try {
            conn.sendIqRequestAsync(iq);
        } catch (RuntimeException e) {
            // not connected right now: the next login or the controller's return reports them
        }
    }
}
