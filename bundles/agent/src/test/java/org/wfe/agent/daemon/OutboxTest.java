package org.wfe.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.OutputBatch;
import org.wfe.agent.protocol.OutputLine;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.ScriptStatus;

/** The agent's debts without a server: acknowledgement, redelivery in order, tokens, bounds. */
class OutboxTest {

    record Sent(Jid to, String kind, String body, CompletableFuture<Void> answer) {
    }

    /** A wire whose answers the test gives; {@code online} is the controller resource that is up (null: none). */
    static final class Recorder implements Outbox.Wire {
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        volatile Jid online;

        @Override
        public CompletableFuture<Void> send(Jid to, String kind, String body) {
            Sent s = new Sent(to, kind, body, new CompletableFuture<>());
            sent.add(s);
            return s.answer;
        }

        @Override
        public Jid target(Jid preferred) {
            return online;
        }

        void ackAll() {
            sent.forEach(s -> s.answer.complete(null));
        }

        List<String> kinds() {
            return sent.stream().map(Sent::kind).toList();
        }
    }

    final Recorder wire = new Recorder();
    final AtomicLong now = new AtomicLong(1_000);
    final Outbox box = new Outbox(wire, now::get);
    final Jid nodeA = jid("controller@localhost/node-a");
    final Jid nodeB = jid("controller@localhost/node-b");

    static Jid jid(String s) {
        try {
            return JidCreate.from(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ExecResult result(String job, int exit) {
        return new ExecResult(job, exit, "out", "", false, null, 5, null, null);
    }

    static List<OutputLine> lines(String... t) {
        return java.util.Arrays.stream(t).map(s -> new OutputLine(false, s)).toList();
    }

    @Test
    void whatNoControllerTookIsKeptAndDeliveredInOrderOnceOneIsOnline() {
        box.started("j1", nodeA, 0);
        box.output("j1", lines("one"));
        box.output("j1", lines("two"));
        box.finished(result("j1", 0));
        assertTrue(wire.sent.isEmpty(), "no controller online: nothing sent, everything kept");

        wire.online = nodeB; // node A died, B is up
        box.flushAll();
        assertEquals(List.of(Protocol.OUTPUT, Protocol.OUTPUT, Protocol.RESULT), wire.kinds(), "output first, in order, then the result");
        assertTrue(wire.sent.stream().allMatch(s -> s.to().equals(nodeB)));
        assertEquals(0, Codec.decode(wire.sent.get(0).body(), OutputBatch.class).seq());
        assertEquals(1, Codec.decode(wire.sent.get(1).body(), OutputBatch.class).seq());

        box.flushAll();
        assertEquals(3, wire.sent.size(), "nothing sent twice while its answer is on its way");
        wire.ackAll();
        assertEquals(0, box.size(), "acknowledged: forgotten");
        box.flushAll();
        assertEquals(3, wire.sent.size());
    }

    @Test
    void whatWasNotAcknowledgedIsSentAgainAndStaleIsDropped() {
        wire.online = nodeA;
        box.started("j1", nodeA, 0);
        box.output("j1", lines("one"));
        box.finished(result("j1", 3));
        wire.sent.forEach(s -> s.answer.completeExceptionally(new IllegalStateException("service-unavailable")));
        box.flushAll();
        assertEquals(List.of(Protocol.OUTPUT, Protocol.RESULT, Protocol.OUTPUT, Protocol.RESULT), wire.kinds(), "both again after the failure");
        assertEquals(Codec.decode(wire.sent.get(0).body(), OutputBatch.class).seq(), Codec.decode(wire.sent.get(2).body(), OutputBatch.class).seq(),
                "the same seq: the controller logs it once");

        wire.sent.get(2).answer().completeExceptionally(new Outbox.Stale("not the job's current token"));
        wire.sent.get(3).answer().completeExceptionally(new Outbox.Stale("not the job's current token"));
        assertEquals(0, box.size(), "refused as stale: dropped");
    }

    @Test
    void aQueryRedirectsTheJobAndStampsItsNewerTokenButNotAnOlderOne() {
        box.started("j1", nodeA, 4);
        assertEquals(ScriptStatus.State.RUNNING, box.claim("j1", nodeB, 5, true));
        box.finished(result("j1", 0));
        assertEquals(ScriptStatus.State.FINISHED, box.claim("j1", nodeA, 3, false), "an older token changes nothing");
        wire.online = nodeB;
        box.flushAll();
        assertEquals(5, Codec.decode(wire.sent.get(0).body(), ExecResult.class).token());
        assertEquals(ScriptStatus.State.UNKNOWN, box.claim("never-ran", nodeB, 5, false));
    }

    @Test
    void keptResultsAreBoundedInNumberAndTime() {
        for (int i = 0; i <= Outbox.MAX_RESULTS; i++) {
            now.incrementAndGet();
            box.finished(result("j" + i, 0));
        }
        assertEquals(Outbox.MAX_RESULTS, box.size(), "the oldest is dropped beyond the cap");
        assertEquals(ScriptStatus.State.UNKNOWN, box.claim("j0", nodeA, 0, false));
        now.addAndGet(Outbox.KEEP_MILLIS);
        box.expire();
        assertEquals(0, box.size(), "dropped after the time-out");
    }

    @Test
    void undeliveredOutputIsBounded() {
        box.started("j1", nodeA, 0);
        String big = "x".repeat(8 * 1024);
        for (int i = 0; i < Outbox.MAX_OUTPUT_CHARS / big.length() + 10; i++) {
            box.output("j1", lines(big));
        }
        wire.online = nodeA;
        box.flushAll();
        assertEquals(Outbox.MAX_OUTPUT_CHARS / big.length(), wire.sent.size(), "batches past the cap were dropped");
    }
}
