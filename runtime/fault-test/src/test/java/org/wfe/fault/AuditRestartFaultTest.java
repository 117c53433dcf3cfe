package org.wfe.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/** The audit trail and who started or killed a job outlive a restart of the engine (its own engine: it restarts it). */
class AuditRestartFaultTest {

    @Test
    void auditLinesAndStartedByKilledBySurviveARestart() throws Exception {
        Path home = Files.createTempDirectory("wfe-audit-test");
        String job;
        try (Engine engine = Engine.start(home, Engine.DEFAULT_DEPLOY)) {
            WfeCommand.Result add = engine.wfe("exec", "wfe:user-add olga operator operator-password");
            assertEquals(0, add.exit(), add.all());
            String olga = "Basic " + Base64.getEncoder().encodeToString("olga:operator-password".getBytes(StandardCharsets.UTF_8));
            Engine.Reply r = engine.call("POST", engine.base + "/wfe/api/v1/actions/actor/fixture/sleep?wait=false",
                    "{\"params\": {\"millis\": 60000}}", olga);
            assertEquals(202, r.status(), r.response().body());
            job = r.json().get("jobGuid").asText();
            assertEquals(200, engine.call("POST", engine.base + "/wfe/api/v1/jobs/" + job + "/kill", null, olga).status());

            WfeCommand.Result restart = engine.wfe("restart");
            assertEquals(0, restart.exit(), restart.all());
            Engine after = Engine.attach(home);
            String audit = after.wfe("exec", "wfe:audit 50").out();
            assertTrue(audit.contains("user=admin source=127.0.0.1 gogo user-add olga operator"), audit);
            assertTrue(audit.contains("user=olga source=127.0.0.1 api start actor fixture.sleep job=" + job), audit);
            assertTrue(audit.contains("user=olga source=127.0.0.1 api kill job=" + job), audit);
            Engine.Reply read = after.call("GET", after.base + "/wfe/api/v1/jobs/" + job, null, olga);
            assertEquals(200, read.status(), "olga is still a user after the restart");
            assertEquals("olga", read.json().get("startedBy").asText());
            assertEquals("olga", read.json().get("killedBy").asText());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(home.resolve("var/log/audit.log"))));
            Figures.print("a restart after an operator's start and kill", "the audit lines (user-add, start, kill) and the"
                    + " job's startedBy/killedBy were all there after it");
        }
    }
}
