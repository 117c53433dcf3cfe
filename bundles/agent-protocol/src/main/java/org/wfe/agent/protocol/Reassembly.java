package org.wfe.agent.protocol;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.smack.packet.IQ;

/**
 * The receiving side of {@link Parts}: pieces of a message collected per sender until the last one, which becomes
 * the whole message (an {@link AgentIq} with the last part's sender, addressee and stanza id, so that the answer to
 * it is the answer to that part). Bounded: pieces must come in order, a message at most
 * {@link Protocol#MAX_MESSAGE_BYTES} characters, at most {@link #MAX_OPEN} unfinished messages (the oldest is
 * dropped), each dropped when its next piece does not come within {@link #MAX_GAP_MILLIS}.
 */
public final class Reassembly {

    public static final int MAX_OPEN = 16;
    public static final long MAX_GAP_MILLIS = 120_000;

    private record Open(String kind, int of, StringBuilder text, int next, long lastMillis) {
    }

    private final Map<String, Open> open = new LinkedHashMap<>();

    /**
     * Takes one part received in {@code iq}; the whole message once this was its last part, else empty (answer the
     * part with an empty result). A part sent again after a lost answer is taken once.
     *
     * @throws ProtocolException for a piece out of order, of a message grown too big or not matching its first piece
     */
    public synchronized Optional<AgentIq> accept(IQ iq, MessagePart p) {
        long now = System.currentTimeMillis();
        open.values().removeIf(o -> now - o.lastMillis() > MAX_GAP_MILLIS);
        String key = iq.getFrom() + " " + p.id();
        Open o = open.get(key);
        if (o == null) {
            if (p.seq() != 0) {
                throw new ProtocolException("part " + p.seq() + " of message " + p.id() + " without its first part");
            }
            o = new Open(p.kind(), p.of(), new StringBuilder(), 0, now);
        } else if (p.seq() == o.next() - 1) {
            return Optional.empty(); // sent again: its answer was lost
        } else if (p.seq() != o.next() || p.of() != o.of() || !p.kind().equals(o.kind())) {
            open.remove(key);
            throw new ProtocolException("part " + p.seq() + " of " + p.of() + " (" + p.kind() + ") of message " + p.id()
                    + " does not follow part " + (o.next() - 1) + " of " + o.of() + " (" + o.kind() + ")");
        }
        if (o.text().length() + p.text().length() > Protocol.MAX_MESSAGE_BYTES) {
            open.remove(key);
            throw new ProtocolException("message " + p.id() + " grows past " + Protocol.MAX_MESSAGE_BYTES + " characters");
        }
        o.text().append(p.text());
        if (p.seq() == p.of() - 1) {
            open.remove(key);
            AgentIq whole = new AgentIq(o.kind(), o.text().toString());
            whole.setFrom(iq.getFrom());
            whole.setTo(iq.getTo());
            whole.setStanzaId(iq.getStanzaId());
            return Optional.of(whole);
        }
        open.put(key, new Open(o.kind(), o.of(), o.text(), p.seq() + 1, now));
        if (open.size() > MAX_OPEN) {
            Iterator<String> oldest = open.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return Optional.empty();
    }

    /** Unfinished messages held now. */
    public synchronized int openCount() {
        return open.size();
    }
}
