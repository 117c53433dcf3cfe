package org.wfe.console;

import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/** The wfe:* Gogo commands through ./wfe exec (SSH) against the running engine. */
class GogoTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    WfeCommand.Result exec(String command) throws Exception {
        WfeCommand.Result r = engine.wfe("exec", command);
        assertEquals(0, r.exit(), command + ": " + r.all());
        return r;
    }

    @Test
    void helpWfeNamesTheCommandsAndWfeListsEveryOneWithADescription() throws Exception {
        String help = exec("help wfe").out();
        for (String c : List.of("wfe:jobs", "wfe:job", "wfe:log", "wfe:kill", "wfe:wait", "wfe:tasklets", "wfe:actor", "wfe:rootobject")) {
            assertTrue(help.contains(c), c + " in " + help);
        }
        List<String> lines = exec("wfe").out().lines().filter(l -> l.startsWith("wfe:")).toList();
        assertTrue(lines.size() >= 9, lines.toString());
        for (String l : lines) {
            assertTrue(l.length() > 17 && !l.substring(17).isBlank(), "a description for " + l);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("wfe:wait") && l.contains("jobs done")), lines.toString());
    }

    @Test
    void listingCommandsTakeJsonAndTablesLineUp() throws Exception {
        exec("wfe:actor hello greet");
        exec("wfe:actor fixture echo a=1");
        for (String c : List.of("wfe:jobs --json", "wfe:tasklets --json", "wfe --json")) {
            JsonNode n = Engine.JSON.readTree(exec(c).out());
            assertTrue(n.isArray() && n.size() > 0, c);
        }
        List<String> rows = exec("wfe:jobs -n 10").out().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(rows.size() >= 2, rows.toString());
        int status = rows.getFirst().indexOf("DONE");
        rows.forEach(r -> assertTrue(r.substring(status).matches("(DONE|ERROR|KILLED|RUNNING|WAITING|TIMED_OUT).*"), "aligned: " + rows));
    }

    @Test
    void waitShowsProgressAndLogFollowTailsUntilTheJobEnds() throws Exception {
        String a = engine.startAsync("fixture", "sleep", "{\"millis\":\"400\"}");
        String b = engine.startAsync("fixture", "sleep", "{\"millis\":\"800\"}");
        String out = exec("wfe:wait " + a + " " + b).out();
        assertTrue(out.contains("waiting for 2 job(s)") && out.contains("1/2 jobs done") && out.contains("2/2 jobs done"), out);

        String block = engine.startAsync("fixture", "block", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.jobStatus(block).equals("RUNNING"));
        CompletableFuture<WfeCommand.Result> follow = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.wfe("exec", "wfe:log --follow " + block);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the follower is still waiting while the job runs; the kill ends it
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !follow.isDone());
        exec("wfe:kill " + block);
        WfeCommand.Result r = follow.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("engine: killed") && r.out().contains("KILLED"), r.out());
    }
}
