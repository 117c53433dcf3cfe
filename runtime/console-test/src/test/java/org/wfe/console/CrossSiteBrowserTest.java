package org.wfe.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.devtools.DevTools;
import org.wfe.testsupport.Engine;

import com.sun.net.httpserver.HttpServer;

/**
 * The attack of issue 15 in a real headless Chromium: the operator logs in to the Web Console (the browser
 * answers the Basic prompt and caches the credentials), then opens a page of another site (127.0.0.2) whose
 * script submits top-level forms at the console's configMgr (SSH on every interface, another store) and at
 * the API (start an action). Chromium sends the cached credentials along; the engine's guard refuses each
 * form by its Origin: configuration unchanged, no job created, each refusal logged.
 */
class CrossSiteBrowserTest {
    static Engine engine;
    static ChromeDriver browser;
    static HttpServer attacker;
    static DevTools devTools;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> {
        engine = Engine.get(ctx);
        browser = Browser.open(null);
    };

    @AfterAll
    static void close() {
        if (devTools != null) {
            devTools.close();
        }
        if (browser != null) {
            browser.quit();
        }
        if (attacker != null) {
            attacker.stop(0);
        }
    }

    /** A site of its own: 127.0.0.2 is loopback too, but another origin and another site for the browser. */
    static String serveAttackPages(Map<String, String> pages) throws IOException {
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        pages.forEach((path, html) -> attacker.createContext(path, x -> {
            byte[] b = html.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        }));
        attacker.start();
        return "http://127.0.0.2:" + attacker.getAddress().getPort();
    }

    /** A page that submits one form as soon as it loads: a top-level navigation, which carries the credentials. */
    static String autoSubmit(String action, String enctype, Map<String, String> fields) {
        StringBuilder f = new StringBuilder("<html><body onload='document.forms[0].submit()'><form method='POST' action='"
                + attr(action) + "' enctype='" + enctype + "'>");
        fields.forEach((k, v) -> f.append("<input type='hidden' name='").append(attr(k))
                .append("' value='").append(attr(v)).append("'>"));
        return f.append("</form></body></html>").toString();
    }

    static String attr(String s) {
        return s.replace("&", "&amp;").replace("'", "&#39;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String log() throws IOException {
        return Files.readString(engine.home.resolve("var/log/engine.log"));
    }

    static String configuration(String pid) throws Exception {
        return engine.call("GET", engine.base + "/system/console/configMgr/" + pid + ".json", null, engine.basicAuth()).response().body();
    }

    @Test
    void aPageOfAnotherSiteCannotReconfigureTheEngineOrStartActions() throws Exception {
        String console = engine.base + "/system/console/";
        String otherStore = "jdbc:h2:file:" + engine.home.resolve("var/db/cross-site").toAbsolutePath();
        String marker = "cross-site-" + System.nanoTime();
        String site = serveAttackPages(Map.of(
                "/ssh", autoSubmit(console + "configMgr/org.wfe.ssh", "application/x-www-form-urlencoded",
                        Map.of("apply", "true", "action", "ajaxConfigManager", "propertylist", "host", "host", "0.0.0.0")),
                "/drp", autoSubmit(console + "configMgr/org.wfe.drp", "application/x-www-form-urlencoded",
                        Map.of("apply", "true", "action", "ajaxConfigManager", "propertylist", "url", "url", otherStore)),
                // text/plain sends name=value: the name opens the JSON, the value closes it
                "/api", autoSubmit(engine.base + "/wfe/api/v1/actions/actor/hello/greet?wait=false", "text/plain",
                        Map.of("{\"params\":{\"name\":\"" + marker + "\",\"pad\":\"", "x\"}}"))));

        // the operator logs in: the browser answers the Basic prompt once, then nothing sends credentials but its cache
        // Selenium 4.52 speaks CDP 154-156 and refuses Debian's Chromium 150 by version alone; the Target and
        // Fetch domains used here are the same in both, so take its nearest protocol explicitly
        devTools = new DevTools(org.openqa.selenium.devtools.v154.v154Domains::new,
                org.openqa.selenium.devtools.SeleniumCdpConnection.create(browser).orElseThrow());
        devTools.createSession();
        devTools.getDomains().network().addAuthHandler(uri -> uri.getHost().equals("127.0.0.1"),
                () -> new UsernameAndPassword("admin", password()));
        browser.get(console + "wfe-jobs");
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(org.openqa.selenium.By.id("wfe-start")).isEmpty());
        devTools.getDomains().network().disable();
        browser.get(console + "bundles");
        assertTrue(browser.getTitle().contains("Bundles"), "logged in from the cache: " + browser.getTitle());

        // the console's own pages still post: a same-origin request carries this engine's Origin
        String pid = "org.wfe.test.browser";
        try {
            Object answer = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "fetch('/system/console/configMgr/" + pid + "', {method: 'POST', body: new URLSearchParams("
                    + "'apply=true&action=ajaxConfigManager&propertylist=colour&colour=blue')})"
                    + ".then(r => done(r.status)).catch(e => done('failed: ' + e));");
            assertEquals(200L, answer, "redirected to the configuration page");
            assertTrue(configuration(pid).contains("blue"), configuration(pid));
        } finally {
            engine.call("POST", console + "configMgr/" + pid + "?apply=true&delete=true", null, engine.basicAuth());
        }

        for (String attack : new String[] {"/ssh", "/drp", "/api"}) {
            browser.get(site + attack);
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().startsWith(engine.base)
                    && browser.getPageSource().contains("cross-site request refused"));
            Browser.screenshot(browser, "cross-site" + attack.replace('/', '-'));
            String path = attack.equals("/api") ? "/wfe/api/v1/actions/actor/hello/greet" : "/system/console/configMgr/org.wfe." + attack.substring(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("cross-site request refused: POST " + path + " from " + site));
        }

        assertFalse(configuration("org.wfe.ssh").contains("0.0.0.0"), "SSH still on loopback");
        assertFalse(configuration("org.wfe.drp").contains("cross-site"), "the store is unchanged");
        assertFalse(log().contains("store at " + otherStore), "no other store opened");
        assertTrue(engine.api("GET", "/status", null).json().path("drp").path("up").asBoolean());
        assertFalse(engine.api("GET", "/jobs?action=hello.greet&limit=1000", null).response().body().contains(marker), "no job created");
        assertEquals(0, engine.wfe("exec", "wfe:status").exit(), "the engine's commands are all there");
    }

    static String password() {
        try {
            return engine.password();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
