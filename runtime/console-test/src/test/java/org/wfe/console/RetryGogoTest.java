package org.wfe.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/** Retry policies from Gogo (wfe:actor ... retry.max=3) and the API, against the running engine. */
class RetryGogoTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    private WfeCommand.Result exec(String command) throws Exception {
        WfeCommand.Result r = engine.wfe("exec", command);
        assertEquals(0, r.exit(), command + ": " + r.all());
        return r;
    }

    @Test
    void wfeActorWithRetryParamsEndsDoneAtTheThirdAttemptAndTheLogHasOneLinePerFailure() throws Exception {
        String out = exec("wfe:actor fixture flaky failures=2 retry.max=3 retry.backoff=1s retry.multiplier=1").out();
        assertTrue(out.contains("ok after 3") && out.contains("DONE"), out);
        String guid = out.replaceAll("(?s).*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).*", "$1");

        String log = exec("wfe:log " + guid).out();
        assertTrue(log.contains("attempt 1 of 3 failed: java.lang.IllegalStateException: flaky run 1 of 2 failing, next in 1.000s"), log);
        assertTrue(log.contains("attempt 2 of 3 failed: "), log);
        assertTrue(log.contains("attempt 3 of 3 started"), log);
        String job = exec("wfe:job " + guid).out();
        assertTrue(job.contains("attempt=3"), job);
        assertEquals(3, engine.api("GET", "/jobs/" + guid, null).json().get("attempt").asInt());
    }

    @Test
    void aBadRetryValueIsAClearErrorInGogoAndTheApiAndStartsNothing() throws Exception {
        int before = engine.api("GET", "/jobs?action=fixture.flaky&limit=100", null).json().get("jobs").size();

        WfeCommand.Result r = engine.wfe("exec", "wfe:actor fixture flaky retry.max=lots");
        assertNotEquals(0, r.exit(), r.all());
        assertTrue(r.all().contains("retry.max must be a whole number of attempts from 1 to 100, got 'lots'"), r.all());

        Engine.Reply a = engine.api("POST", "/actions/actor/fixture/flaky",
                "{\"params\":{\"retry.backoff\":\"soon\"}}");
        assertEquals(400, a.status(), a.response().body());
        assertTrue(a.response().body().contains("retry.backoff"), a.response().body());

        assertEquals(before, engine.api("GET", "/jobs?action=fixture.flaky&limit=100", null).json().get("jobs").size(),
                "no job was created");
    }

    @Test
    void theApiStartsAnActionWithARetryPolicy() throws Exception {
        String guid = engine.startAsync("fixture", "flaky", "{\"failures\":\"1\",\"retry.max\":2,\"retry.backoff\":\"1s\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> engine.jobStatus(guid).equals("DONE"));
        assertEquals("ok after 2", engine.api("GET", "/jobs/" + guid, null).json().get("result").asText());
        assertEquals(2, engine.api("GET", "/jobs/" + guid, null).json().get("attempt").asInt());
    }
}
