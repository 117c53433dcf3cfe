package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.wfe.agent.protocol.AgentIq;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.ScriptQuery;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;

/**
 * The engine dies mid-script and a new one starts on the same store (a closed store and XMPP session, then a
 * new job controller and controller on it): the real agent process re-attaches its script job, delivers what
 * it kept, or says it no longer knows it. The real engine process is in runtime/fault-test.
 */
class ReattachTest {

    static final String AGENT = "agent3";

    @TempDir
    Path dir;
    Xmpp x;
    Settings settings;
    Jobs before;
    Controller first;
    Jobs after;
    Controller second;
    AgentProcess agent;

    @BeforeEach
    void setUp() throws Exception {
        x = Xmpp.require();
        settings = Settings.localOnly(dir.resolve("local")).withXmpp(x.controller());
        before = new Jobs(dir.resolve("db"));
        first = new Controller(before.jobs, settings);
        first.accept(AGENT);
        agent = AgentProcess.start(dir, x, AGENT).awaitOnline(first);
    }

    @AfterEach
    void tearDown() throws Exception {
        Files.writeString(dir.resolve("go"), ""); // the script of an agent killed with -9 is orphaned: let it end too
        if (agent != null) {
            agent.close();
        }
        if (second != null) {
            second.close();
            after.close();
        }
        if (first != null) {
            first.close();
        }
    }

    /** Starts a script that prints, waits for {@code go}, prints again; returns its job once it printed "before". */
    String startScript(Path go) {
        String parent = before.parent();
        CompletableFuture.runAsync(() -> first.executeScript(AGENT, "a.b.sleeper",
                "echo before\nwhile [ ! -f " + go + " ]; do sleep 0.05; done\necho after\n", Map.of(), null, parent));
        await().atMost(Duration.ofSeconds(20)).until(() -> !before.jobs.children(parent).isEmpty()
                && before.log(before.jobs.children(parent).get(0).guid()).contains("before"));
        return before.jobs.children(parent).get(0).guid();
    }

    /** The engine dies: its XMPP session ends, its store closes, nothing ends its jobs. */
    void crash() {
        first.close();
        before.crash();
        first = null;
    }

    /** A new engine on the same store, with the controller's recovery bound as DS would. */
    void restart() throws Exception {
        restart(settings);
    }

    void restart(Settings s) throws Exception {
        after = new Jobs(dir.resolve("db"), Duration.ofMinutes(2));
        second = new Controller(after.jobs, s);
        after.jobs.bindJobRecovery(new Reattach(second, s));
    }

    Job awaitFinal(String job) {
        await().atMost(Duration.ofSeconds(60)).until(() -> after.jobs.get(job).orElseThrow().status().isFinal());
        return after.jobs.get(job).orElseThrow();
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aScriptStillRunningIsReattachedAndEndsDoneWithItsWholeOutputOnce() throws Exception {
        Path go = dir.resolve("go");
        String job = startScript(go);
        crash();
        restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.log().contains("job " + job + ": controller@"));
        assertEquals(JobStatus.RUNNING, after.jobs.get(job).orElseThrow().status());

        // the attack: the job's own agent account, another resource, a result with a wrong token
        XMPPTCPConnection forger = new XMPPTCPConnection(x.as(AGENT, "forger").toConfiguration());
        try {
            forger.connect().login();
            for (int i = 0; i < 2; i++) {
                AgentIq forged = Codec.iq(new ExecResult(job, 0, "forged", "", false, Map.of(), 1, null, null, 99));
                forged.setTo(JidCreate.entityFullFrom("controller@" + x.domain + "/" + Protocol.CONTROLLER_RESOURCE));
                IQ answer = forger.createStanzaCollectorAndSend(forged).nextResult(10_000);
                assertEquals(IQ.Type.error, answer.getType(), "a wrong token is refused");
            }
            // and a query to the agent, to have the job's output sent to the forger: only the controller may ask
            AgentIq query = Codec.iq(new ScriptQuery(job, 99));
            query.setTo(JidCreate.entityFullFrom(AGENT + "@" + x.domain + "/" + Protocol.AGENT_RESOURCE));
            IQ refused = forger.createStanzaCollectorAndSend(query).nextResult(10_000);
            assertEquals(IQ.Type.error, refused.getType(), "only the controller may query the agent");
        } finally {
            forger.disconnect();
        }
        assertTrue(agent.log().contains("refused <query/> from " + AGENT + "@" + x.domain + "/forger"), agent.log());
        assertEquals(JobStatus.RUNNING, after.jobs.get(job).orElseThrow().status(), "the forged result ended nothing");
        String controllerLog = Files.readString(Path.of("target/test-controller.log"));
        assertEquals(1, count(controllerLog, "refused result of job " + job), "the forgery is logged once");

        Files.writeString(go, "");
        Job j = awaitFinal(job);
        assertEquals(JobStatus.DONE, j.status(), j.toString());
        String log = after.log(job);
        assertEquals(1, count(log, ": before"), log);
        assertEquals(1, count(log, ": after"), log);
    }

    @Test
    void aResultKeptWhileTheEngineWasDownIsDeliveredAfterTheRestart() throws Exception {
        Path go = dir.resolve("go");
        String job = startScript(go);
        crash();
        Files.writeString(go, "");
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.log().contains("job " + job + ": exit code 0"));
        restart();
        Job j = awaitFinal(job);
        assertEquals(JobStatus.DONE, j.status(), j.toString());
        String log = after.log(job);
        assertEquals(1, count(log, ": before"), log);
        assertEquals(1, count(log, ": after"), "the output the agent could not deliver reached the job: " + log);
        assertTrue(agent.log().contains("job " + job + ": result delivered"), agent.log());
    }

    @Test
    void anAgentThatRestartedMeanwhileNoLongerKnowsTheScript() throws Exception {
        Path go = dir.resolve("go");
        String job = startScript(go);
        crash();
        agent.close(); // kill -9: what it kept is gone
        agent = AgentProcess.start(dir.resolve("again"), x, AGENT);
        restart();
        Job j = awaitFinal(job);
        assertEquals(JobStatus.ERROR, j.status(), j.toString());
        assertEquals(Reattach.UNKNOWN, j.userErrorMessage());
    }

    @Test
    void theKeptResultGoesToAnotherResourceOfTheControllerAccount() throws Exception {
        Path go = dir.resolve("go");
        String job = startScript(go);
        crash();
        Files.writeString(go, "");
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.log().contains("job " + job + ": exit code 0"));
        // another engine node of the same account: its own resource (the first one's is gone)
        restart(settings.withXmpp(x.as("controller", "node-b")));
        Job j = awaitFinal(job);
        assertEquals(JobStatus.DONE, j.status(), j.toString());
        assertEquals(1, count(after.log(job), ": after"), after.log(job));
        // node-b was the only resource online: the agent delivered to it by itself (it may not even have been asked)
        assertTrue(agent.log().contains("job " + job + ": result delivered"), agent.log());
    }
}
