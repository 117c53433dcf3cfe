package org.wfe.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wfe.testsupport.Engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A fan-out started through the HTTP API on a real engine (the built-in local agent, a real script) and
 * watched in a real headless Chromium: the grid's counts change from running to DONE without a reload, the
 * agent's cell opens its script job with the output, the parent's page links to the grid; bad bodies are a
 * 400 with nothing started.
 */
class FanOutBrowserTest {
    static Engine engine;
    static ChromeDriver browser;

    @TempDir
    Path dir;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> {
        engine = Engine.get(ctx);
        browser = Browser.open(engine.basicAuth());
    };

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    static String console(String page) {
        return engine.base + "/system/console/" + page;
    }

    /** State name to count, read in one script: the page replaces the counts every second. */
    static String counts() {
        return (String) browser.executeScript("return Array.from(document.querySelectorAll('#wfe-fanout-counts [data-state]'))"
                + ".map(e => e.getAttribute('data-state') + '=' + e.getAttribute('data-count')).join(',');");
    }

    static String js(String script) {
        return String.valueOf(browser.executeScript(script));
    }

    @Test
    void aFanOutFromTheApiShowsItsAgentsLiveAndEachCellOpensThatAgentsOutput() throws Exception {
        Path go = dir.resolve("go");
        // the script holds until the test lets it go, so that the page surely sees it running first
        String script = "while [ ! -e '" + go + "' ]; do sleep 0.1; done; echo fanned out";
        // besides the local agent: one accepted but never online, one rejected: both reported, neither waited for
        long n = System.nanoTime();
        assertEquals(200, engine.api("POST", "/agents/fan-gone-" + n + "/accept", null).status());
        assertEquals(200, engine.api("POST", "/agents/fan-no-" + n + "/reject", null).status());
        Engine.Reply r = engine.api("POST", "/agents/scripts", Engine.JSON.writeValueAsString(java.util.Map.of("target",
                "local or fan-gone-" + n + " or fan-no-" + n, "script", script, "batch", 1, "timeout", "2m")));
        assertEquals(202, r.status(), r.response().body());
        String parent = r.json().get("jobGuid").asText();
        assertEquals("/wfe/api/v1/jobs/" + parent, r.response().headers().firstValue("Location").orElse(""));

        browser.get(console("wfe-jobs?guid=" + parent));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-fanout-link")));
        browser.findElement(By.id("wfe-fanout-link")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-fanout-grid")));
        await().atMost(Duration.ofSeconds(30)).until(() -> counts().equals("offline=1,rejected=1,running=1"));
        assertEquals("offline", js("return document.querySelector(\"#wfe-fanout-grid [data-agent='fan-gone-" + n + "']\").getAttribute('data-state');"));
        browser.executeScript("window.wfeMarker = 'still here';");
        Browser.screenshot(browser, "fanout-running");

        Files.createFile(go);
        await().atMost(Duration.ofSeconds(30)).until(() -> counts().equals("DONE=1,offline=1,rejected=1"));
        assertEquals("still here", js("return window.wfeMarker;"), "the counts updated without a reload");
        assertTrue(js("return document.getElementById('wfe-fanout-summary').textContent;").contains("1 DONE, 1 offline, 1 rejected"));
        await().atMost(Duration.ofSeconds(10)).until(() -> js("return document.querySelector('#wfe-status .wfe-badge').getAttribute('data-status');")
                .equals("DONE"));
        Browser.screenshot(browser, "fanout-done");

        // the agent's cell opens its script job, whose log has the script's output
        browser.findElement(By.cssSelector("#wfe-fanout-grid a[data-agent='local']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-log")));
        JsonNode children = engine.api("GET", "/jobs/" + parent, null).json().get("children");
        assertEquals(1, children.size());
        assertEquals(children.get(0).get("guid").asText(), js("return document.getElementById('wfe-job').getAttribute('data-guid');"));
        assertTrue(js("return document.getElementById('wfe-log').textContent;").contains("fanned out"));

        // the parent job ended with the summary; the API's view agrees with the page
        JsonNode job = engine.api("GET", "/jobs/" + parent, null).json();
        assertEquals("DONE", job.get("status").asText(), job.toString());
        assertEquals("1 DONE, 1 offline, 1 rejected", job.get("result").get("summary").asText(), job.toString());
        JsonNode view = engine.api("GET", "/jobs/" + parent + "/fanout", null).json();
        assertEquals(1, view.get("counts").get("DONE").asInt(), view.toString());
    }

    @Test
    void aBadSelectorOrBadNumbersAre400AndStartNothing() throws Exception {
        int before = engine.api("GET", "/jobs?action=api.script&limit=500", null).json().get("jobs").size();
        for (String body : List.of("{\"target\":\"role=web and\",\"script\":\"true\"}", "{\"target\":\"no-such-agent-*\",\"script\":\"true\"}",
                "{\"target\":\"local\",\"script\":\"true\",\"batch\":0}", "{\"target\":\"local\",\"script\":\"true\",\"batch\":\"ten\"}",
                "{\"target\":\"local\",\"script\":\"true\",\"timeout\":-5}", "{\"target\":\"local\"}")) {
            Engine.Reply r = engine.api("POST", "/agents/scripts", body);
            assertEquals(400, r.status(), body + ": " + r.response().body());
            assertTrue(r.json().get("message").asText().length() > 10, r.response().body());
        }
        Engine.Reply syntax = engine.api("POST", "/agents/scripts", "{\"target\":\"role=web and\",\"script\":\"true\"}");
        assertEquals("bad_selector", syntax.json().get("code").asText());
        assertTrue(syntax.json().get("message").asText().contains("at 13"), syntax.response().body());
        assertEquals(before, engine.api("GET", "/jobs?action=api.script&limit=500", null).json().get("jobs").size(), "nothing started");
    }

    @Test
    void markupInTheTargetIsShownAsText() throws Exception {
        // it matches (local), so it starts and its page shows the target: as text, never as markup
        String target = "local or role=\"<b id='wfe-injected'>x</b>\"";
        Engine.Reply r = engine.api("POST", "/agents/scripts", Engine.JSON.writeValueAsString(java.util.Map.of("target", target, "script", "true")));
        assertEquals(202, r.status(), r.response().body());
        browser.get(console("wfe-jobs?fanout=" + r.json().get("jobGuid").asText()));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-fanout-grid")));
        assertTrue(browser.findElements(By.id("wfe-injected")).isEmpty(), "the target became markup");
        assertTrue(js("return document.querySelector('h2.wfe').textContent;").contains("<b id='wfe-injected'>"));
    }

    @Test
    void aViewerReadsAFanOutButCannotStartOne() throws Exception {
        org.wfe.testsupport.WfeCommand.Result u = engine.wfe("exec", "wfe:user-add fan-viewer viewer fan-viewer-password");
        assertTrue(u.exit() == 0 || u.all().contains("exists already"), u.all());
        String viewer = "Basic " + java.util.Base64.getEncoder().encodeToString("fan-viewer:fan-viewer-password".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Engine.Reply refused = engine.call("POST", engine.base + "/wfe/api/v1/agents/scripts", "{\"target\":\"local\",\"script\":\"true\"}", viewer);
        assertEquals(403, refused.status(), refused.response().body());
        String parent = engine.api("POST", "/agents/scripts", "{\"target\":\"local\",\"script\":\"true\"}").json().get("jobGuid").asText();
        assertEquals(200, engine.call("GET", engine.base + "/wfe/api/v1/jobs/" + parent + "/fanout", null, viewer).status());
    }
}
