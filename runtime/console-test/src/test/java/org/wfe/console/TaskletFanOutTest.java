package org.wfe.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tasklet fans a bundled script out through its context (fixture.fanout, the built-in local agent, a real
 * script): the fan-out's parent job is a child of the tasklet's job, with a script job per agent under it.
 */
class TaskletFanOutTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    @Test
    void aTaskletFansOutItsBundledScriptUnderItsOwnJob() throws Exception {
        WfeCommand.Result r = engine.wfe("exec", "wfe:actor fixture fanout target=local");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("1 DONE") && r.out().contains("DONE"), r.out());
        String guid = r.out().replaceAll("(?s).*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).*", "$1");

        JsonNode fanOuts = engine.api("GET", "/jobs?parent=" + guid + "&limit=10", null).json().get("jobs");
        assertEquals(1, fanOuts.size(), fanOuts.toString());
        JsonNode parent = fanOuts.get(0);
        assertEquals("fixture.fanout.hello", parent.get("action").asText(), parent.toString());
        assertEquals("DONE", parent.get("status").asText(), parent.toString());
        JsonNode scripts = engine.api("GET", "/jobs?parent=" + parent.get("guid").asText() + "&limit=10", null).json().get("jobs");
        assertEquals(1, scripts.size(), scripts.toString());
        assertEquals("local", scripts.get(0).get("agent").asText(), scripts.toString());
        assertEquals("DONE", scripts.get(0).get("status").asText(), scripts.toString());
    }
}
