package org.wfe.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** Messages over one stanza: split into parts that each fit, put together again in order, bounded. */
class PartsTest {

    private static AgentIq received(AgentIq part, String from) throws Exception {
        part.setFrom(JidCreate.from(from));
        return part;
    }

    private static Optional<AgentIq> feed(Reassembly r, AgentIq iq) {
        return r.accept(iq, (MessagePart) Codec.decode(iq));
    }

    @Test
    void aBodyOverOneStanzaGoesInPartsThatEachFitAndComeBackWhole() throws Exception {
        // quotes (escaped twice), a character outside the BMP (a surrogate pair never split) and plain text
        String body = ("\"".repeat(1000) + "\uD83D\uDE00" + "x".repeat(3000)).repeat(60);
        List<AgentIq> iqs = Parts.split(Protocol.RESULT, body);
        assertTrue(iqs.size() > 1, "parts: " + iqs.size());
        Reassembly r = new Reassembly();
        AgentIq whole = null;
        for (AgentIq iq : iqs) {
            assertEquals(Protocol.PART, iq.kind());
            assertTrue(Codec.wireSize(iq.body()) <= Protocol.MAX_BODY_BYTES, "a part takes " + Codec.wireSize(iq.body()));
            Optional<AgentIq> got = feed(r, received(iq, "controller@localhost/wfe-controller"));
            if (got.isPresent()) {
                whole = got.get();
            }
        }
        assertEquals(Protocol.RESULT, whole.kind());
        assertEquals(body, whole.body());
        assertEquals(iqs.getLast().getStanzaId(), whole.getStanzaId(), "the answer to the whole is the answer to the last part");
        assertEquals(0, r.openCount());
    }

    @Test
    void aSmallBodyIsOneStanzaAsBefore() {
        List<AgentIq> iqs = Parts.split(Protocol.EXEC, "{\"job\":\"j\"}");
        assertEquals(1, iqs.size());
        assertEquals(Protocol.EXEC, iqs.get(0).kind());
    }

    @Test
    void aBodyOverAMessageIsRefusedClearly() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Parts.split(Protocol.EXEC, "x".repeat(Protocol.MAX_MESSAGE_BYTES + 1)));
        assertTrue(e.getMessage().contains("more than the " + Protocol.MAX_MESSAGE_BYTES), e.getMessage());
    }

    @Test
    void partsOutOfOrderAreRefusedAndARepeatedPartIsTakenOnce() throws Exception {
        List<AgentIq> iqs = Parts.split(Protocol.EXEC, "y".repeat(600_000));
        assertTrue(iqs.size() >= 3, "parts: " + iqs.size());
        Reassembly r = new Reassembly();
        String from = "controller@localhost/wfe-controller";
        ProtocolException early = assertThrows(ProtocolException.class, () -> feed(r, received(iqs.get(1), from)));
        assertTrue(early.getMessage().contains("without its first part"), early.getMessage());
        assertEquals(Optional.empty(), feed(r, received(iqs.get(0), from)));
        assertEquals(Optional.empty(), feed(r, received(iqs.get(0), from)), "sent again after a lost answer");
        assertEquals(1, r.openCount());
        ProtocolException skipped = assertThrows(ProtocolException.class, () -> feed(r, received(iqs.get(2), from)));
        assertTrue(skipped.getMessage().contains("does not follow"), skipped.getMessage());
        assertEquals(0, r.openCount(), "a broken message is dropped, not kept");
    }

    @Test
    void aPartCannotHoldAPartNorClaimTooManyPieces() {
        assertThrows(ProtocolException.class, () -> new MessagePart("i", 0, 2, Protocol.PART, "x"));
        assertThrows(ProtocolException.class, () -> new MessagePart("i", 0, MessagePart.MAX_PARTS + 1, Protocol.EXEC, "x"));
        assertThrows(ProtocolException.class, () -> new MessagePart("i", 2, 2, Protocol.EXEC, "x"));
    }
}
