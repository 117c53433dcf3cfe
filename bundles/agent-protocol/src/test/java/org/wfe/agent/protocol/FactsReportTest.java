package org.wfe.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.junit.jupiter.api.Test;

/** Facts and labels on the wire: they round-trip, and what a hostile agent may send is bounded. */
class FactsReportTest {

    @Test
    void roundTripsThroughXml() throws Exception {
        Codec.registerProviders();
        FactsReport f = new FactsReport(Map.of("os", "debian", "kernel", "6.1.0-18-amd64"), Map.of("role", "web", "dc", "ams"));
        IQ back = PacketParserUtils.parseStanza(Codec.iq(f).toXML().toString());
        assertEquals(f, Codec.decode((AgentIq) back));
    }

    @Test
    void labelsFromConfiguration() {
        assertEquals(Map.of("role", "web", "dc", "ams"), FactsReport.parseLabels(" role:web, dc=ams "));
        assertEquals(Map.of(), FactsReport.parseLabels(""));
        assertMessage("'role' is not name:value", () -> FactsReport.parseLabels("role"));
        assertMessage("'role' is given twice", () -> FactsReport.parseLabels("role:web,role:db"));
        assertMessage("label name 'Role'", () -> FactsReport.parseLabels("Role:web"));
        assertMessage("value 'w b' is not a word", () -> FactsReport.parseLabels("role:w b"));
        assertMessage("label 'os' takes the name of a fact", () -> FactsReport.parseLabels("os:windows"));
        assertMessage("label 'name' takes the name", () -> FactsReport.parseLabels("name:x"));
    }

    @Test
    void aHostileAgentCannotSendMoreThanTheBounds() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= FactsReport.MAX_ENTRIES; i++) {
            many.put("k" + i, "v");
        }
        assertMessage("33 facts: at most 32", () -> Codec.decode(new AgentIq(Protocol.FACTS, Codec.encode(Map.of("facts", many)))));
        assertMessage("33 labels: at most 32", () -> Codec.decode(new AgentIq(Protocol.FACTS, Codec.encode(Map.of("labels", many)))));
        assertMessage("value must be 1 to 100", () -> new FactsReport(Map.of("os", "x".repeat(101)), Map.of()));
        assertMessage("value must be 1 to 100", () -> new FactsReport(Map.of("os", "a\nb"), Map.of()));
        assertMessage("fact name 'kkkkk", () -> new FactsReport(Map.of("k".repeat(41), "v"), Map.of()));
        // a body that is not a map of strings is refused as a whole
        assertThrows(ProtocolException.class, () -> Codec.decode(new AgentIq(Protocol.FACTS, "{\"facts\":{\"os\":{\"a\":1}}}")));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
