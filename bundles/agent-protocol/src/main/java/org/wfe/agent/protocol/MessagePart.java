package org.wfe.agent.protocol;

/**
 * Piece {@code seq} (0-based) of {@code of} of a message of kind {@code kind} whose body is too big for one stanza
 * ({@link Protocol#MAX_BODY_BYTES}): {@code text} is that slice of the body. The pieces of message {@code id} go one
 * after the other, each once the previous one was acknowledged; the receiver answers the last one as it would
 * have answered the whole message ({@link Parts}).
 */
public record MessagePart(String id, int seq, int of, String kind, String text) {

    /** Enough for a {@link Protocol#MAX_MESSAGE_BYTES} body even when every character needs escaping. */
    public static final int MAX_PARTS = 64;

    public MessagePart {
        Codec.requireText(id, "id");
        if (id.length() > 64) {
            throw new ProtocolException("part id longer than 64 characters");
        }
        if (of < 2 || of > MAX_PARTS || seq < 0 || seq >= of) {
            throw new ProtocolException("part " + seq + " of " + of + ": a message goes in 2 to " + MAX_PARTS + " parts");
        }
        Codec.requireText(kind, "kind");
        if (Protocol.PART.equals(kind)) {
            throw new ProtocolException("a part cannot hold a part");
        }
        text = text == null ? "" : text;
    }
}
