package org.wfe.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/**
 * The console in Chromium for a user who is not admin: an operator starts and kills from the wfe pages, sees
 * who did it on the job page, and is refused the console's configuration and bundle pages; a viewer reads.
 */
class ConsoleRolesBrowserTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    static void user(String name, String role) throws Exception {
        WfeCommand.Result r = engine.wfe("exec", "wfe:user-add " + name + " " + role + " " + name + "-password");
        assertTrue(r.exit() == 0 || r.all().contains("exists already"), r.all());
    }

    static ChromeDriver as(String name) {
        return Browser.open("Basic " + Base64.getEncoder().encodeToString((name + ":" + name + "-password").getBytes(StandardCharsets.UTF_8)));
    }

    static String text(ChromeDriver b, String css) {
        return (String) b.executeScript("var e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css);
    }

    @Test
    void anOperatorStartsAndKillsAndIsRefusedTheConfiguration() throws Exception {
        user("oscar", "operator");
        ChromeDriver b = as("oscar");
        try {
            b.get(engine.base + "/system/console/wfe-jobs");
            WebElement form = b.findElement(By.id("wfe-start"));
            new Select(form.findElement(By.name("kind"))).selectByValue("actor");
            form.findElement(By.name("name")).sendKeys("fixture");
            form.findElement(By.name("action")).sendKeys("block");
            form.findElement(By.id("wfe-start-button")).click();
            new WebDriverWait(b, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-job")));
            await().atMost(Duration.ofSeconds(20)).until(() -> text(b, "#wfe-d-started-by").equals("oscar"));
            await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class)
                    .until(() -> { b.findElement(By.id("wfe-kill-button")).click(); return true; });
            new WebDriverWait(b, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();
            await().atMost(Duration.ofSeconds(20)).until(() -> text(b, "#wfe-d-killed-by").equals("oscar"));
            Browser.screenshot(b, "operator-killed");

            for (String page : new String[] {"configMgr", "bundles", "configMgr/org.wfe.drp"}) {
                b.get(engine.base + "/system/console/" + page);
                String body = b.findElement(By.tagName("body")).getText();
                assertTrue(body.contains("this page needs admin"), page + ": " + body);
                assertFalse(body.contains("org.wfe.drp") && page.equals("configMgr"), "no configuration shown");
            }
            Browser.screenshot(b, "operator-refused-configuration");
        } finally {
            b.quit();
        }
    }

    @Test
    void aViewerReadsTheJobsGetsNoFormsAndAForgedKillIsRefused() throws Exception {
        user("vera", "viewer");
        String job = engine.startAsync("fixture", "block", "{}");
        ChromeDriver b = as("vera");
        try {
            b.get(engine.base + "/system/console/wfe-jobs");
            assertTrue(b.findElements(By.id("wfe-start")).isEmpty(), "no start form for a viewer");
            b.get(engine.base + "/system/console/wfe-jobs?guid=" + job);
            new WebDriverWait(b, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("wfe-job")));
            assertTrue(b.findElements(By.id("wfe-kill-button")).isEmpty(), "no kill button for a viewer");
            // the same POST the button would send, from the page itself (same origin, the page's token)
            Object status = b.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "var body = new URLSearchParams({guid: arguments[0]});"
                    + "var t = document.querySelector('input[name=token]'); if (t) { body.append('token', t.value); }"
                    + "fetch(location.pathname + '/kill', {method: 'POST', body: body, credentials: 'same-origin'})"
                    + ".then(function (r) { done(r.status); }, function (e) { done(String(e)); });", job);
            assertTrue(String.valueOf(status).equals("403"), "forged kill answered " + status);
            assertTrue(engine.jobStatus(job).equals("RUNNING"), "nothing killed");
        } finally {
            b.quit();
            engine.api("POST", "/jobs/" + job + "/kill", null);
        }
    }
}
