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

    @Test
    void tokensQueriesAndTheirAnswersRoundTripAndOldBodiesMeanTokenZero() throws Exception {
        Codec.registerProviders();
        ExecResult r = new ExecResult("j1", 0, "out", "", false, Map.of(), 1, null, null, 7).cut(1);
        assertEquals(7, r.token(), "cut keeps the token");
        assertEquals(9, r.withToken(9).token());
        for (Object m : List.of(new ExecRequest("j1", "echo", Map.of(), 0, 7), r, new OutputBatch("j1", 3, List.of(new OutputLine(false, "x")), 7),
                new ScriptQuery("j1", 7), new ScriptStatus("j1", ScriptStatus.State.FINISHED))) {
            IQ back = PacketParserUtils.parseStanza(Codec.iq(m).toXML().toString());
            assertEquals(m, Codec.decode((AgentIq) back));
        }
        // the answer to a query travels in a result IQ: Smack hands it to our provider all the same
        AgentIq answer = new AgentIq(Protocol.STATUS, Codec.encode(new ScriptStatus("j1", ScriptStatus.State.RUNNING)));
        answer.setType(IQ.Type.result);
        IQ back = PacketParserUtils.parseStanza(answer.toXML().toString());
        assertEquals(new ScriptStatus("j1", ScriptStatus.State.RUNNING), Codec.decode((AgentIq) back));
        // a 1.1 sender's body has no token
        assertEquals(0, Codec.decode("{\"job\":\"j1\",\"exitCode\":0}", ExecResult.class).token());
        ProtocolException e = assertThrows(ProtocolException.class, () -> Codec.decode(new AgentIq(Protocol.STATUS, "{\"job\":\"j1\"}")));
        assertTrue(e.getMessage().contains("no state"), e.getMessage());
    }
}
