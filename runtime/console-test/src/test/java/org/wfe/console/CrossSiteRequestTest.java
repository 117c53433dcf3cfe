package org.wfe.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;

/**
 * The engine's one HTTP guard, seen from an HTTP client with the admin password: a state-changing request
 * that names another site (Origin, else Referer, else Sec-Fetch-Site) is refused with 403 and one log line,
 * for the Felix Web Console's own pages as for the API; a request naming none of them (curl, ./wfe) passes;
 * a Host that is not one of the engine's names is refused; every answer forbids framing and sniffing; the API
 * takes JSON bodies only.
 */
class CrossSiteRequestTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    static HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(engine.base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", engine.basicAuth()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return engine.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Web Console's own configuration form, as its configMgr page posts it. */
    static HttpResponse<String> configure(String pid, String key, String value, String... headers) throws Exception {
        return post("/system/console/configMgr/" + pid, "application/x-www-form-urlencoded",
                "apply=true&action=ajaxConfigManager&propertylist=" + key + "&" + key + "=" + value, headers);
    }

    static String configuration(String pid) throws Exception {
        return engine.call("GET", engine.base + "/system/console/configMgr/" + pid + ".json", null, engine.basicAuth()).response().body();
    }

    static String log() throws Exception {
        return Files.readString(engine.home.resolve("var/log/engine.log"));
    }

    @Test
    void aForeignOriginCannotReconfigureTheEngineThroughTheWebConsole() throws Exception {
        String[][] attacks = {
            {"Origin", "http://evil.example"},
            {"Origin", "null"},
            {"Origin", "http://127.0.0.1:1"},
            {"Referer", "http://evil.example/page.html"},
            {"Sec-Fetch-Site", "cross-site"},
            {"Sec-Fetch-Site", "same-site"},
        };
        for (String[] h : attacks) {
            HttpResponse<String> r = configure("org.wfe.ssh", "host", "0.0.0.0", h);
            assertEquals(403, r.statusCode(), h[0] + ": " + h[1]);
            assertTrue(r.body().startsWith("cross-site request refused: POST from "), r.body());
        }
        assertFalse(configuration("org.wfe.ssh").contains("0.0.0.0"), "SSH still on loopback");
        // the Web Console's other pages go through the same guard (harmless forms: a real one would stop the engine)
        assertEquals(403, post("/system/console/bundles", "application/x-www-form-urlencoded", "action=none", "Origin", "http://evil.example").statusCode());
        assertEquals(403, post("/system/console/vmstat", "application/x-www-form-urlencoded", "none=1", "Origin", "http://evil.example").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> log().contains(
                "cross-site request refused: POST /system/console/configMgr/org.wfe.ssh from http://evil.example (remote 127.0.0.1:"));
        assertTrue(log().contains("cross-site request refused: POST /system/console/configMgr/org.wfe.ssh from Sec-Fetch-Site: cross-site"));
        assertTrue(log().contains("cross-site request refused: POST /system/console/vmstat from http://evil.example"));
        assertEquals("up", engine.api("GET", "/status", null).json().path("drp").path("up").asBoolean() ? "up" : "down");
    }

    @Test
    void theEnginesOwnPagesAndClientsWithoutABrowserStillChangeConfiguration() throws Exception {
        String pid = "org.wfe.test.crosssite";
        try {
            assertEquals(302, configure(pid, "colour", "blue", "Origin", engine.base).statusCode(), "the console's own page");
            assertTrue(configuration(pid).contains("blue"));
            assertEquals(302, configure(pid, "colour", "green", "Referer", engine.base + "/system/console/configMgr").statusCode());
            assertEquals(302, configure(pid, "colour", "red", "Sec-Fetch-Site", "same-origin").statusCode());
            assertEquals(302, configure(pid, "colour", "white").statusCode(), "no Origin, Referer or Sec-Fetch-Site: curl");
            assertTrue(configuration(pid).contains("white"));
        } finally {
            post("/system/console/configMgr/" + pid, "application/x-www-form-urlencoded", "apply=true&delete=true");
        }
    }

    @Test
    void aForeignOriginCannotStartOrKillThroughTheApi() throws Exception {
        String marker = "cross-site-" + System.nanoTime();
        HttpResponse<String> r = post("/wfe/api/v1/actions/actor/hello/greet", "application/json",
                "{\"params\":{\"name\":\"" + marker + "\"}}", "Origin", "http://evil.example");
        assertEquals(403, r.statusCode());
        assertEquals("cross_site", Engine.JSON.readTree(r.body()).get("code").asText(), "the API's error format");
        String guid = engine.startAsync("fixture", "block", "{}");
        assertEquals(403, post("/wfe/api/v1/jobs/" + guid + "/kill", "application/json", "", "Referer", "http://evil.example/").statusCode());
        assertEquals("RUNNING", await().atMost(Duration.ofSeconds(20)).until(() -> engine.jobStatus(guid), s -> !s.equals("WAITING")));
        assertFalse(engine.api("GET", "/jobs?action=hello.greet&limit=1000", null).response().body().contains(marker), "no job created");
        assertEquals(200, engine.api("POST", "/jobs/" + guid + "/kill", null).status(), "curl-like clients pass");
    }

    @Test
    void apiBodiesMustBeJson() throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"}) {
            HttpResponse<String> r = post("/wfe/api/v1/actions/actor/hello/greet", type, "{\"params\":{}}");
            assertEquals(415, r.statusCode(), type);
            assertEquals("unsupported_media_type", Engine.JSON.readTree(r.body()).get("code").asText());
            assertTrue(Engine.JSON.readTree(r.body()).get("message").asText().contains("Content-Type: application/json"), r.body());
        }
        assertEquals(200, post("/wfe/api/v1/actions/actor/hello/greet", "application/json; charset=UTF-8", "{}").statusCode());
        // a kill by curl -X POST carries no body and no type
        String guid = engine.startAsync("fixture", "block", "{}");
        HttpRequest kill = HttpRequest.newBuilder(URI.create(engine.base + "/wfe/api/v1/jobs/" + guid + "/kill"))
                .header("Authorization", engine.basicAuth()).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(200, engine.http.send(kill, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aHostThatIsNotTheEnginesNameIsRefused() throws Exception {
        String port = engine.base.substring(engine.base.lastIndexOf(':') + 1);
        assertTrue(raw("GET", "/system/console/bundles", "127.0.0.1:" + port).startsWith("HTTP/1.1 200"));
        assertTrue(raw("GET", "/system/console/bundles", "localhost:" + port).startsWith("HTTP/1.1 200"));
        for (String host : new String[] {"evil.example:" + port, "evil.example", "127.0.0.1:1", "localhost"}) {
            String r = raw("GET", "/system/console/bundles", host);
            assertTrue(r.startsWith("HTTP/1.1 403"), host + ": " + r);
            assertTrue(r.contains("is not a name of this engine"), r);
            assertTrue(raw("GET", "/wfe/api/v1/status", host).startsWith("HTTP/1.1 403"), host);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log().contains(
                "request refused, Host is not a name of this engine: GET /system/console/bundles Host evil.example:" + port + " from 127.0.0.1:"));
    }

    @Test
    void namesInAllowedHostsAreAcceptedAndABadListKeepsTheLastGoodOne() throws Exception {
        java.nio.file.Path cfg = engine.home.resolve("etc/org.wfe.http.cfg");
        try {
            Files.writeString(cfg, "allowedHosts=engine.example, proxy.example:8443\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> raw("GET", "/wfe/api/v1/status", "engine.example").startsWith("HTTP/1.1 200"));
            assertTrue(raw("GET", "/wfe/api/v1/status", "proxy.example:8443").startsWith("HTTP/1.1 200"));
            assertTrue(raw("GET", "/wfe/api/v1/status", "proxy.example:8444").startsWith("HTTP/1.1 403"));
            Files.writeString(cfg, "allowedHosts=http://evil.example/\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> log().contains("configuration org.wfe.http refused, keeping allowedHosts"));
            assertTrue(log().contains("allowedHosts: 'http://evil.example/' is not a host name"), "the log says why");
            assertTrue(raw("GET", "/wfe/api/v1/status", "engine.example").startsWith("HTTP/1.1 200"), "the last good list stays");
        } finally {
            Files.deleteIfExists(cfg);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> raw("GET", "/wfe/api/v1/status", "engine.example").startsWith("HTTP/1.1 403"));
    }

    @Test
    void aRequestWithoutAHostIsRefused() throws Exception {
        URI base = URI.create(engine.base);
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /wfe/api/v1/status HTTP/1.0\r\nAuthorization: " + engine.basicAuth() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(r.startsWith("HTTP/1.1 403") || r.startsWith("HTTP/1.0 403"), r);
        }
    }

    @Test
    void everyAnswerForbidsFramingAndSniffing() throws Exception {
        for (String path : new String[] {"/system/console/bundles", "/system/console/wfe-jobs", "/system/console/configMgr",
                "/wfe/api/v1/status", "/wfe/api/v1/nothing", "/nothing"}) {
            HttpResponse<String> r = engine.call("GET", engine.base + path, null, engine.basicAuth()).response();
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), path);
            assertEquals("frame-ancestors 'none'", r.headers().firstValue("Content-Security-Policy").orElse(""), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        }
        HttpResponse<String> unauthorized = engine.call("GET", engine.base + "/system/console/bundles", null, null).response();
        assertEquals(401, unauthorized.statusCode());
        assertEquals("DENY", unauthorized.headers().firstValue("X-Frame-Options").orElse(""), "the login prompt too");
    }

    /** One request over a plain socket: java.net.http will not send a Host header of our choosing. */
    static String raw(String method, String path, String host) throws Exception {
        URI base = URI.create(engine.base);
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + engine.basicAuth()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
