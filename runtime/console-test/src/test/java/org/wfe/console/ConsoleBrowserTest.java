package org.wfe.console;

import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.StaleElementReferenceException;

/**
 * The engine's Web Console pages in a real headless Chromium: an operator starts an action from the form,
 * watches its tree and timeline fill in, reads the live log, kills a running job with the button.
 */
class ConsoleBrowserTest {
    static Engine engine;
    static ChromeDriver browser;

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

    /** A marker that survives only as long as the page is not reloaded: proves live updates. */
    static void mark() {
        browser.executeScript("window.wfeMarker = 'still here';");
    }

    static boolean marked() {
        return "still here".equals(browser.executeScript("return window.wfeMarker;"));
    }

    // The job page replaces its parts every second: read them in one script, never through element
    // references that a refresh can make stale between two calls.
    static List<String> treeRows() {
        return statuses("#wfe-tree-table tbody tr");
    }

    static String status() {
        return (String) browser.executeScript(
                "var e = document.querySelector('#wfe-status .wfe-badge'); return e ? e.getAttribute('data-status') : '';");
    }

    @SuppressWarnings("unchecked")
    static List<String> statuses(String css) {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute('data-status'));", css);
    }

    static String text(String css) {
        return (String) browser.executeScript("var e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css);
    }

    void startFromForm(String name, String action, String params) {
        browser.get(console("wfe-jobs"));
        WebElement form = browser.findElement(By.id("wfe-start"));
        new Select(form.findElement(By.name("kind"))).selectByValue("actor");
        form.findElement(By.name("name")).sendKeys(name);
        form.findElement(By.name("action")).sendKeys(action);
        form.findElement(By.name("params")).sendKeys(params);
        form.findElement(By.id("wfe-start-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-job")));
    }

    @Test
    void startAnActionFromTheFormAndWatchItsTreeAndTimelineFillIn() throws Exception {
        startFromForm("fixture", "child", "action=sleep\nmillis=2500");
        assertEquals("fixture.child", text("#wfe-job").strip().split("\\s+")[0]);
        mark();
        await().atMost(Duration.ofSeconds(20)).until(() -> treeRows().size() == 2);
        Browser.screenshot(browser, "job-running-timeline");
        await().atMost(Duration.ofSeconds(30)).until(() -> status().equals("DONE"));
        assertTrue(marked(), "the page updated itself, without a reload");
        assertEquals(2, statuses("svg.wfe-timeline g.wfe-bar").size(), "one timeline bar per job of the tree");
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses("svg.wfe-timeline g.wfe-bar").stream().allMatch("DONE"::equals));
        assertTrue(text("#wfe-tree-table").contains("fixture.sleep"));
        Browser.screenshot(browser, "job-done-timeline");
    }

    @Test
    void theStartFormTakesExecutionParamsAndRefusesABadDuration() throws Exception {
        browser.get(console("wfe-jobs"));
        WebElement form = browser.findElement(By.id("wfe-start"));
        form.findElement(By.name("name")).sendKeys("hello");
        form.findElement(By.name("action")).sendKeys("greet");
        form.findElement(By.name("maxduration")).sendKeys("soon");
        form.findElement(By.id("wfe-start-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-message")));
        assertTrue(text("#wfe-message").contains("max duration must be a positive duration"), text("#wfe-message"));

        form = browser.findElement(By.id("wfe-start"));
        form.findElement(By.name("name")).sendKeys("hello");
        form.findElement(By.name("action")).sendKeys("greet");
        form.findElement(By.name("jobname")).sendKeys("nightly greeting");
        form.findElement(By.name("maxduration")).sendKeys("10m");
        form.findElement(By.id("wfe-start-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-job")));
        assertTrue(text("#wfe-details").contains("nightly greeting"), text("#wfe-details"));
        assertTrue(text("#wfe-d-duration").contains("(max 600 s)"), text("#wfe-d-duration"));
    }

    @Test
    void killARunningJobWithTheButtonAfterConfirming() throws Exception {
        startFromForm("fixture", "child", "action=block");
        await().atMost(Duration.ofSeconds(20)).until(() -> treeRows().size() == 2 && status().equals("RUNNING"));
        Browser.screenshot(browser, "job-before-kill");
        // the button may be re-rendered by the page's refresh between finding and clicking it
        await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class)
                .until(() -> { browser.findElement(By.id("wfe-kill-button")).click(); return true; });
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> status().equals("KILLED"));
        assertTrue(browser.findElements(By.id("wfe-kill-button")).isEmpty(), "no kill button on a final job");
        await().atMost(Duration.ofSeconds(10)).until(() -> treeRows().stream().allMatch("KILLED"::equals));
        Browser.screenshot(browser, "job-killed");
    }

    @Test
    void theLogOfARunningJobIsTailedLive() throws Exception {
        String guid = engine.startAsync("fixture", "block", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.jobStatus(guid).equals("RUNNING"));
        browser.get(console("wfe-jobs?guid=" + guid));
        assertEquals("RUNNING", status());
        mark();
        assertEquals(200, engine.api("POST", "/jobs/" + guid + "/kill", null).status());
        await().atMost(Duration.ofSeconds(20)).until(() -> text("#wfe-log").contains("kill"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status().equals("KILLED"));
        assertTrue(marked(), "log and status arrived without a reload");
        Browser.screenshot(browser, "job-live-log");
    }

    @Test
    void theJobListFiltersAndColoursByStatus() throws Exception {
        engine.api("POST", "/actions/actor/fixture/fail", "{}");
        engine.api("POST", "/actions/actor/hello/greet", "{}");
        browser.get(console("wfe-jobs"));
        Browser.screenshot(browser, "jobs-list");
        new Select(browser.findElement(By.name("status"))).selectByVisibleText("ERROR");
        browser.findElement(By.cssSelector("#wfe-filter button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("status=ERROR"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#wfe-jobs-table tbody tr[data-status]"));
        assertTrue(!rows.isEmpty(), "the failed job is listed");
        rows.forEach(r -> assertEquals("ERROR", r.getAttribute("data-status")));
        String colour = browser.findElement(By.cssSelector("#wfe-jobs-table .wfe-badge")).getCssValue("background-color");
        assertEquals("rgba(229, 57, 53, 1)", colour, "ERROR is red");
        rows.getFirst().findElement(By.cssSelector("a.wfe-job-link")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("wfe-job")).isEmpty());
        assertEquals("ERROR", status());
        Browser.screenshot(browser, "job-error");
    }

    /** The filter form's root object field: only that machine's jobs, and the filter survives paging links. */
    @Test
    void theJobListFindsTheJobsOfOneRootObject() throws Exception {
        String machine = java.util.UUID.randomUUID().toString();
        Engine.Reply mine = engine.api("POST", "/actions/actor/fixture/echo",
                "{\"execution\":{\"rootobjecttype\":\"machine\",\"rootobjectguid\":\"" + machine + "\"}}");
        engine.api("POST", "/actions/actor/hello/greet", "{}");
        browser.get(console("wfe-jobs"));
        browser.findElement(By.name("rootobject")).sendKeys("machine:" + machine);
        browser.findElement(By.cssSelector("#wfe-filter button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("rootobject="));
        List<WebElement> rows = browser.findElements(By.cssSelector("#wfe-jobs-table tbody tr[data-guid]"));
        assertEquals(List.of(mine.json().get("jobGuid").asText()), rows.stream().map(r -> r.getAttribute("data-guid")).toList());
        assertTrue(rows.getFirst().getText().contains("machine:" + machine), rows.getFirst().getText());
        assertEquals("machine:" + machine, browser.findElement(By.name("rootobject")).getAttribute("value"), "the form keeps it");
        Browser.screenshot(browser, "jobs-by-root-object");
    }

    @Test
    void whatAJobCarriesIsEscaped() throws Exception {
        String evil = "<img src=x onerror=window.wfePwned=1><script>window.wfePwned=2</script>";
        Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", "{\"params\":{\"name\":" + Engine.JSON.writeValueAsString(evil) + "}}");
        browser.get(console("wfe-jobs?guid=" + r.json().get("jobGuid").asText()));
        assertTrue(text("#wfe-params").contains(evil), "shown as text");
        assertTrue(text("#wfe-result").contains("hello <img"), "result shown as text");
        assertNull(browser.executeScript("return window.wfePwned;"), "nothing of it ran");
    }

    @Test
    void tasketsAgentsAndRepositoryPages() throws Exception {
        browser.get(console("wfe-tasklets"));
        String tasklets = browser.findElement(By.id("wfe-tasklets-table")).getText();
        assertTrue(tasklets.contains("fixture.block") && tasklets.contains("hello.greet"), tasklets);
        Browser.screenshot(browser, "tasklets");
        browser.get(console("wfe-agents"));
        assertTrue(browser.findElement(By.id("wfe-summary")).getText().matches("(?s).*agent.*"));
        Browser.screenshot(browser, "agents");
        browser.get(console("wfe-repository"));
        assertTrue(browser.findElement(By.id("wfe-drp-status")).getText().contains("up"));
        Browser.screenshot(browser, "repository");
        // the console's navigation lists the engine's pages under their own category
        String nav = browser.findElement(By.tagName("body")).getText();
        assertTrue(nav.contains("Workflow engine"), "category in the menu");
    }

    @Test
    void aKillWithoutThePageTokenIsRefused() throws Exception {
        String guid = engine.startAsync("fixture", "block", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.jobStatus(guid).equals("RUNNING"));
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(console("wfe-jobs/kill")))
                .header("Authorization", engine.basicAuth()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("guid=" + guid + "&token=forged")).build();
        assertEquals(403, engine.http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        var get = java.net.http.HttpRequest.newBuilder(java.net.URI.create(console("wfe-jobs/kill?guid=" + guid)))
                .header("Authorization", engine.basicAuth()).GET().build();
        engine.http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("RUNNING", engine.jobStatus(guid), "neither a forged POST nor a GET kills");
        engine.api("POST", "/jobs/" + guid + "/kill", null);
    }

    static String acceptance(String agent) {
        return (String) browser.executeScript("var e = document.querySelector(\"tr[data-agent='\" + arguments[0] + \"']\");"
                + " return e ? e.getAttribute('data-acceptance') : '';", agent);
    }

    @Test
    void anOperatorAcceptsAndRejectsAnAgentOnTheAgentsPageAndAForgedFormChangesNothing() throws Exception {
        String name = "console-agent-" + System.nanoTime();
        browser.get(console("wfe-agents"));
        browser.findElement(By.id("wfe-accept-name")).sendKeys(name);
        browser.findElement(By.id("wfe-accept-button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> acceptance(name).equals("accepted"));
        assertTrue(text("#wfe-message").contains("agent " + name + " is accepted"), text("#wfe-message"));
        browser.findElement(By.cssSelector("tr[data-agent='" + name + "'] form.wfe-reject button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> acceptance(name).equals("rejected"));
        Browser.screenshot(browser, "agents-decided");
        // a bad name is said on the page, nothing stored
        browser.findElement(By.id("wfe-accept-name")).sendKeys("bad name<b>");
        browser.findElement(By.id("wfe-accept-button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text("#wfe-message").contains("is not an agent name"));

        String forged = "forged-" + System.nanoTime();
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(console("wfe-agents/accept")))
                .header("Authorization", engine.basicAuth()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=" + forged + "&token=forged")).build();
        assertEquals(403, engine.http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        String agents = engine.api("GET", "/agents", null).response().body();
        assertTrue(agents.contains(name) && !agents.contains(forged), agents);
    }

    @Test
    void theAgentsPageFiltersBySelectorAndSaysWhereABadOneIsWrong() throws Exception {
        String n = Long.toString(System.nanoTime());
        engine.api("POST", "/agents/sel-web-" + n + "/accept", null);
        engine.api("POST", "/agents/sel-db-" + n + "/accept", null);
        browser.get(console("wfe-agents"));
        browser.findElement(By.id("wfe-select")).sendKeys("sel-web-* and acceptance=accepted");
        browser.findElement(By.id("wfe-select-button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> acceptance("sel-web-" + n).equals("accepted") && acceptance("sel-db-" + n).isEmpty());
        assertTrue(text("#wfe-agents-table").contains("Labels") && text("#wfe-agents-table").contains("Facts"), text("#wfe-agents-table"));
        Browser.screenshot(browser, "agents-selected");
        browser.findElement(By.id("wfe-select")).clear();
        browser.findElement(By.id("wfe-select")).sendKeys("role=");
        browser.findElement(By.id("wfe-select-button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.id("wfe-select-error")).size() == 1);
        assertTrue(text("#wfe-select-error").contains("at 6, expected a value"), text("#wfe-select-error"));
        assertEquals("accepted", acceptance("sel-db-" + n), "a bad selector lists everything");
    }

    @Test
    void theSchedulesPageShowsNextFiresAndLastRunsLinkingToTheirJobs() throws Exception {
        String name = "console-sched-" + System.nanoTime();
        Engine.Reply added = engine.api("POST", "/schedules", "{\"name\":\"" + name + "\",\"actor\":\"hello\",\"action\":\"greet\","
                + "\"cron\":\"0 0 3 * * ?\",\"zone\":\"Asia/Tokyo\"}");
        assertEquals(201, added.status(), added.response().body());
        String next = added.json().get("nextFires").get(0).asText();
        browser.get(console("wfe-schedules"));
        assertTrue(text("tr[data-name='" + name + "'] td.wfe-next").contains(next), text("tr[data-name='" + name + "']"));
        browser.findElement(By.cssSelector("tr[data-name='" + name + "'] form.wfe-run-now button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text("#wfe-message").contains("schedule " + name + " fired: started job "));
        String job = text("#wfe-message").replaceAll(".* job ", "").strip();
        browser.findElement(By.cssSelector("tr[data-name='" + name + "'] td.wfe-last a.wfe-job-link")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("guid=" + job));
        Browser.screenshot(browser, "schedule-job");
        browser.get(console("wfe-schedules"));
        browser.findElement(By.cssSelector("tr[data-name='" + name + "'] form.wfe-pause button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.api("GET", "/schedules/" + name, null).json().get("paused").asBoolean());
        Browser.screenshot(browser, "schedules");
        assertTrue(engine.wfe("exec", "wfe:audit 50").out().contains("schedule pause " + name));
        engine.api("POST", "/schedules/" + name + "/remove", "");
    }
}
