package org.wfe.agent.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jivesoftware.smack.packet.IQ;

/**
 * A message as the stanzas that carry it: one when its body fits {@link Protocol#MAX_BODY_BYTES} (as before), else
 * {@link MessagePart}s sent one after the other, each after the previous one's acknowledgement, so that no server
 * sees a stanza over its limit (Prosody closes the stream of a sender of one over 256 KiB) and the receiver holds at
 * most one message's pieces per sender at a time. The last part's answer is the message's. Written here because
 * XMPP's own ways (XEP-0047 in-band bytestreams, XEP-0363 uploads) open a second channel for what is, at most, a
 * few stanzas of the same conversation.
 */
public final class Parts {

    private Parts() {
    }

    /**
     * The IQs (type set, no addressee yet) that carry a message of {@code kind} with {@code body}.
     *
     * @throws ProtocolException when the body is over {@link Protocol#MAX_MESSAGE_BYTES}, saying by how much
     */
    public static List<AgentIq> split(String kind, String body) {
        int size = Codec.wireSize(body);
        if (size <= Protocol.MAX_BODY_BYTES) {
            return List.of(new AgentIq(kind, body));
        }
        if (size > Protocol.MAX_MESSAGE_BYTES) {
            throw new ProtocolException("the " + kind + " message takes " + size + " bytes as XML, more than the "
                    + Protocol.MAX_MESSAGE_BYTES + " a message may carry");
        }
        String id = UUID.randomUUID().toString();
        List<String> slices = new ArrayList<>();
        int at = 0;
        while (at < body.length()) {
            int end = fit(kind, id, body, at);
            slices.add(body.substring(at, end));
            at = end;
        }
        if (slices.size() > MessagePart.MAX_PARTS) {
            throw new ProtocolException("the " + kind + " message needs " + slices.size() + " parts, more than " + MessagePart.MAX_PARTS);
        }
        List<AgentIq> iqs = new ArrayList<>(slices.size());
        for (int i = 0; i < slices.size(); i++) {
            iqs.add(new AgentIq(Protocol.PART, Codec.encode(new MessagePart(id, i, slices.size(), kind, slices.get(i)))));
        }
        return iqs;
    }

    /** The end of the longest slice from {@code at} whose part fits one stanza (never between a surrogate pair). */
    private static int fit(String kind, String id, String body, int at) {
        int room = Protocol.MAX_BODY_BYTES - 512; // the part's own JSON around the slice
        int len = Math.min(body.length() - at, room);
        while (true) {
            int end = at + len;
            if (end < body.length() && Character.isHighSurrogate(body.charAt(end - 1))) {
                end--;
            }
            int size = Codec.wireSize(Codec.encode(new MessagePart(id, 0, 2, kind, body.substring(at, end))));
            if (size <= Protocol.MAX_BODY_BYTES || len <= 1) {
                return end;
            }
            len = Math.max(1, (int) (len * 0.95 * Protocol.MAX_BODY_BYTES / size));
        }
    }

    /**
     * Sends {@code iqs} in order through {@code send}, each once the previous one was answered with a result; the
     * future is the last one's answer, or the first failure (the parts after it are not sent).
     */
    public static CompletableFuture<IQ> sendInOrder(List<AgentIq> iqs, Function<AgentIq, CompletableFuture<IQ>> send) {
        CompletableFuture<IQ> chain = send.apply(iqs.get(0));
        for (int i = 1; i < iqs.size(); i++) {
            AgentIq next = iqs.get(i);
            chain = chain.thenCompose(answer -> send.apply(next));
        }
        return chain;
    }
}
