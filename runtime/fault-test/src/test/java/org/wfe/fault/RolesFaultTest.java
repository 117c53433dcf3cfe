package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/**
 * Users and roles on a real engine: a viewer reads but cannot start or kill, an operator starts and kills but
 * reaches no configuration, admin reaches everything; who did it is on the job and in the audit log; guessing
 * is slowed and logged; a changed admin.password applies to the console at once.
 */
class RolesFaultTest {
    static Engine engine;
    static final String VIEWER = "vic:viewer-password";
    static final String OPERATOR = "olga:operator-password";

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    @BeforeAll
    static void users() throws Exception {
        for (String cmd : new String[] {"wfe:user-add vic viewer viewer-password", "wfe:user-add olga operator operator-password"}) {
            WfeCommand.Result r = engine.wfe("exec", cmd);
            assertTrue(r.exit() == 0 || r.all().contains("exists already"), r.all());
        }
    }

    @Test
    void aViewerReadsButCannotStartOrKill() throws Exception {
        String job = engine.startAsync("fixture", "sleep", "{\"millis\": 60000}");
        try {
            assertEquals(200, call("GET", "/wfe/api/v1/jobs/" + job, VIEWER).status());
            Engine.Reply start = call("POST", "/wfe/api/v1/actions/actor/hello/greet", VIEWER);
            assertEquals(403, start.status(), start.response().body());
            assertTrue(start.response().body().contains("needs the role operator"), start.response().body());
            assertEquals(403, call("POST", "/wfe/api/v1/jobs/" + job + "/kill", VIEWER).status());
            assertEquals(200, call("GET", "/system/console/wfe-jobs", VIEWER).status());
            assertEquals(403, call("POST", "/system/console/wfe-jobs/kill?guid=" + job, VIEWER).status());
            assertEquals("RUNNING", engine.jobStatus(job), "nothing killed");
            Figures.print("a viewer starting or killing (API and console)", "4 of 4 refused with 403; the job kept running");
        } finally {
            engine.api("POST", "/jobs/" + job + "/kill", null);
        }
    }

    @Test
    void anOperatorStartsAndKillsButReachesNoConfigurationAndAdminDoes() throws Exception {
        Engine.Reply start = call("POST", "/wfe/api/v1/actions/actor/fixture/sleep?wait=false", OPERATOR,
                "{\"params\": {\"millis\": 60000}}");
        assertEquals(202, start.status(), start.response().body());
        String job = start.json().get("jobGuid").asText();
        Engine.Reply killed = call("POST", "/wfe/api/v1/jobs/" + job + "/kill", OPERATOR);
        assertEquals(200, killed.status(), killed.response().body());
        assertEquals("KILLED", killed.json().get("status").asText());
        assertEquals("olga", killed.json().get("startedBy").asText());
        assertEquals("olga", killed.json().get("killedBy").asText());
        String page = call("GET", "/system/console/wfe-jobs?guid=" + job, OPERATOR).response().body();
        assertTrue(page.contains("<span id='wfe-d-started-by'>olga</span>"), "the console's job page shows who started it");
        assertTrue(page.contains("<span id='wfe-d-killed-by'>olga</span>"), "and who killed it");
        assertTrue(engine.wfe("exec", "wfe:job " + job).out().contains("by=olga"));

        int refused = 0;
        for (String page2 : new String[] {"configMgr", "configMgr/org.wfe.drp", "bundles", "vmstat", "gogo", "services"}) {
            assertEquals(403, call("GET", "/system/console/" + page2, OPERATOR).status(), page2);
            refused++;
        }
        Engine.Reply post = call("POST", "/system/console/configMgr/org.wfe.ssh?apply=true&propertylist=port&port=2222", OPERATOR);
        assertEquals(403, post.status());
        refused++;
        assertEquals(200, engine.call("GET", engine.base + "/system/console/configMgr", null, engine.basicAuth()).status());
        assertEquals(200, engine.call("GET", engine.base + "/system/console/bundles", null, engine.basicAuth()).status());

        String audit = Files.readString(engine.home.resolve("var/log/audit.log"));
        assertTrue(audit.contains("user=olga source=127.0.0.1 api start actor fixture.sleep job=" + job), audit);
        assertTrue(audit.contains("user=olga source=127.0.0.1 api kill job=" + job), audit);
        Figures.print("an operator on the console's configuration, bundles, shell and other pages", "%d of %d refused with 403;"
                + " its start and kill worked and are recorded (startedBy, killedBy, audit log)", refused, refused);
    }

    @Test
    void configurationChangesAreAuditedWithTheirUserOrFile() throws Exception {
        Engine.Reply post = engine.call("POST", engine.base + "/system/console/configMgr/org.wfe.audittest"
                + "?apply=true&propertylist=x&x=1", null, engine.basicAuth());
        assertTrue(post.status() < 400, "admin may post to configMgr: " + post.status());
        Files.writeString(engine.home.resolve("etc/org.wfe.audittest2.cfg"), "y=2\n");
        Path audit = engine.home.resolve("var/log/audit.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(audit)
                .contains("user=local source=etc/org.wfe.audittest2.cfg configuration org.wfe.audittest2 updated"));
        String lines = Files.readString(audit);
        assertTrue(lines.contains("user=admin source=127.0.0.1 console POST /configMgr/org.wfe.audittest"), lines);
        assertTrue(lines.contains("configuration org.wfe.audittest updated"), lines);
        Files.delete(engine.home.resolve("etc/org.wfe.audittest2.cfg"));
    }

    @Test
    void repeatedFailedLoginsAreSlowedAndLogged() throws Exception {
        String guess = "olga:guess";
        int unauthorized = 0;
        Engine.Reply r;
        int attempts = 0;
        do {
            r = call("GET", "/wfe/api/v1/jobs", guess);
            attempts++;
            if (r.status() == 401) {
                unauthorized++;
            }
        } while (r.status() == 401 && attempts < 20);
        assertEquals(429, r.status(), "slowed after repeated failures");
        assertEquals(5, unauthorized);
        assertTrue(r.response().headers().firstValue("Retry-After").isPresent());
        assertEquals(429, call("GET", "/wfe/api/v1/jobs", OPERATOR).status(), "even the right password waits its turn");
        await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(300))
                .until(() -> call("GET", "/wfe/api/v1/jobs", OPERATOR).status() == 200);
        assertEquals(200, call("GET", "/wfe/api/v1/jobs", VIEWER).status(), "another user of the host was never held up");
        String log = Files.readString(engine.home.resolve("var/log/engine.log"));
        assertTrue(log.contains("login refused: user 'olga' from 127.0.0.1 via api"), "logged with the source");
        Figures.print("repeated wrong passwords for one user from one address", "%d answered 401, then 429 with Retry-After"
                + " (the right password too) until the wait ran out; each failure logged with the address", unauthorized);
    }

    @Test
    void aChangedAdminPasswordAppliesAtOnceToTheConsoleAndTheApi() throws Exception {
        Path file = engine.home.resolve("etc/admin.password");
        String old = engine.password();
        try {
            Files.writeString(file, "changed-" + old + "\n");
            assertEquals(200, call("GET", "/system/console/bundles", "admin:changed-" + old).status());
            assertEquals(200, call("GET", "/wfe/api/v1/jobs", "admin:changed-" + old).status());
            assertEquals(401, call("GET", "/system/console/bundles", "admin:" + old).status(), "the old one is gone");
        } finally {
            Files.writeString(file, old + "\n");
        }
        assertEquals(200, call("GET", "/system/console/bundles", "admin:" + old).status());
    }

    private static Engine.Reply call(String method, String path, String user) throws Exception {
        return call(method, path, user, null);
    }

    private static Engine.Reply call(String method, String path, String user, String body) throws Exception {
        return engine.call(method, engine.base + path, body,
                "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
    }
}
