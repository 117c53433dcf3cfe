package org.wfe.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.util.PacketParserUtils;

class CodecTest {

    @Test
    void messagesRoundTripThroughXml() throws Exception {
        Codec.registerProviders();
        ExecRequest req = new ExecRequest("j1", "#!/bin/sh\necho '<&>'\u0001", Map.of("a", List.of(1, "x")), 5000);
        AgentIq iq = Codec.iq(req);
        String xml = iq.toXML().toString();
        IQ back = PacketParserUtils.parseStanza(xml);
        assertTrue(back instanceof AgentIq, back.getClass().toString());
        assertEquals(req, Codec.decode((AgentIq) back));
    }

    @Test
    void garbageGetsAClearError() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Codec.decode(new AgentIq(Protocol.EXEC, "{not json")));
        assertTrue(e.getMessage().startsWith("ExecRequest: not JSON"), e.getMessage());
        e = assertThrows(ProtocolException.class, () -> Codec.decode(new AgentIq(Protocol.EXEC, "{\"script\":\"x\"}")));
        assertTrue(e.getMessage().contains("'job' is required"), e.getMessage());
        e = assertThrows(ProtocolException.class, () -> Codec.decode(new AgentIq("bogus", "{}")));
        assertTrue(e.getMessage().contains("unknown kind 'bogus'"), e.getMessage());
        e = assertThrows(ProtocolException.class, () -> Codec.decode(new AgentIq(Protocol.KILL, "")));
        assertTrue(e.getMessage().contains("empty body"), e.getMessage());
    }

    @Test
    void childElementsMakeABodyThatIsRefused() throws Exception {
        Codec.registerProviders();
        IQ back = PacketParserUtils.parseStanza("<iq type='set' id='1'><wfe kind='exec' xmlns='" + Protocol.NAMESPACE + "'><a/>{}</wfe></iq>");
        assertThrows(ProtocolException.class, () -> Codec.decode((AgentIq) back));
    }

    @Test
    void resultsAreCutToFit() {
        ExecResult r = new ExecResult("j", 0, "x".repeat(100), "", false, Map.of(), 1, null, null).cut(10);
        assertEquals(10, r.stdout().length());
        assertTrue(r.truncated());
    }
}
