package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
import org.wfe.agent.protocol.OutputBatch;
import org.wfe.agent.protocol.OutputLine;
import org.wfe.agent.protocol.Protocol;
import org.wfe.api.agent.AgentAcceptance;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentNotAcceptedException;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.JobStatus;

/**
 * Only accepted agent accounts get work (issue 15 §4): a rogue account of the XMPP domain that runs a real
 * agent is listed pending and never receives a script or its params until an operator accepts it; the
 * decision is stored in the repository and survives a restart of the controller; a rejected agent is
 * refused again. And, as before, no agent can post the result of a job that is not its own.
 */
class AcceptanceTest {

    @TempDir
    Path dir;
    Xmpp x;
    Jobs jobs;
    Controller ac;

    @BeforeEach
    void setUp() throws Exception {
        x = Xmpp.require();
        jobs = new Jobs(dir.resolve("db"));
    }

    @AfterEach
    void tearDown() {
        if (ac != null) {
            ac.close();
        }
        jobs.close();
    }

    private Controller controller(boolean autoaccept) {
        return new Controller(jobs.jobs, Settings.localOnly(dir.resolve("local")).withXmpp(x.controller()),
                new Acceptance(jobs.repo, autoaccept));
    }

    private AgentInfo info(String agent) {
        return ac.agents().stream().filter(a -> a.guid().equals(agent)).findFirst().orElseThrow();
    }

    @Test
    void aRogueAccountGetsNoScriptNorSecretUntilAcceptedAndNoneOnceRejected() throws Exception {
        Path secretFile = dir.resolve("rogue-got");
        String script = "cat > " + secretFile; // the params arrive as JSON on stdin
        Map<String, Object> params = Map.of("token", "s3cret-" + System.nanoTime());
        ac = controller(false);
        try (AgentProcess rogue = AgentProcess.start(dir, x, "rogue").awaitOnline(ac)) {
            assertEquals(AgentAcceptance.PENDING, info("rogue").acceptance());
            assertEquals(AgentAcceptance.ACCEPTED, info("local").acceptance());

            String parent = jobs.parent();
            AgentNotAcceptedException e = assertThrows(AgentNotAcceptedException.class,
                    () -> ac.executeScript("rogue", "shell.script.cat", script, params, null, parent));
            assertTrue(e.getMessage().contains("agent rogue is pending") && e.getMessage().contains("wfe:agent-accept rogue"), e.getMessage());
            assertTrue(jobs.jobs.children(parent).isEmpty(), "no script job for a pending agent");

            ac.accept("rogue");
            assertEquals(AgentAcceptance.ACCEPTED, info("rogue").acceptance());
            assertEquals(0, ac.executeScript("rogue", "shell.script.cat", "echo accepted", Map.of(), null, jobs.parent()).exitCode());

            // the decision is in the repository: a new controller (an engine restart) knows it
            ac.close();
            ac = controller(false);
            rogue.awaitOnline(ac);
            assertEquals(AgentAcceptance.ACCEPTED, info("rogue").acceptance());
            assertEquals("again\n", ac.executeScript("rogue", "a.b.c", "echo again", Map.of(), null, jobs.parent()).stdout());

            ac.reject("rogue");
            assertEquals(AgentAcceptance.REJECTED, info("rogue").acceptance());
            e = assertThrows(AgentNotAcceptedException.class, () -> ac.executeScript("rogue", "shell.script.cat", script, params, null, jobs.parent()));
            assertTrue(e.getMessage().contains("agent rogue is rejected"), e.getMessage());

            assertFalse(Files.exists(secretFile), "the rogue received the params");
            assertFalse(Files.readString(rogue.log).contains("s3cret"), rogue.log());
        }
    }

    @Test
    void autoacceptLetsEveryAgentNobodyRejectedHaveWork() throws Exception {
        ac = controller(true);
        ac.reject("agent4");
        try (AgentProcess a = AgentProcess.start(dir, x, "agent2").awaitOnline(ac)) {
            assertEquals(AgentAcceptance.ACCEPTED, info("agent2").acceptance());
            assertEquals("lab\n", ac.executeScript("agent2", "a.b.c", "echo lab", Map.of(), null, jobs.parent()).stdout());
        }
        assertThrows(AgentNotAcceptedException.class, () -> ac.executeScript("agent4", "a.b.c", "true", Map.of(), null, jobs.parent()));
        // decided but never seen: listed, offline
        AgentInfo four = info("agent4");
        assertEquals(AgentAcceptance.REJECTED, four.acceptance());
        assertFalse(four.online());
    }

    @Test
    void withTheLocalAgentOffAnAccountNamedLocalIsNeverAccepted() {
        Acceptance a = new Acceptance(jobs.repo, true, false);
        assertEquals(AgentAcceptance.PENDING, a.of("local"), "not even with autoaccept");
        assertThrows(IllegalArgumentException.class, () -> a.decide("local", AgentAcceptance.ACCEPTED));
        assertEquals(AgentAcceptance.ACCEPTED, new Acceptance(jobs.repo, false, true).of("local"));
    }

    @Test
    void badNamesAndTheLocalAgentCannotBeDecidedOn() {
        ac = controller(false);
        assertThrows(IllegalArgumentException.class, () -> ac.accept("local"));
        assertThrows(IllegalArgumentException.class, () -> ac.reject("local"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ac.accept("evil\nINFO forged line"));
        assertTrue(e.getMessage().contains("evil\\nINFO forged line"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ac.accept("a@b/c"));
    }

    @Test
    void anAgentCannotPostTheResultOrOutputOfAJobThatIsNotItsOwn() throws Exception {
        Path go = dir.resolve("go");
        ac = controller(false);
        ac.accept("agent4");
        ac.accept("rogue"); // even an accepted agent may end only its own jobs
        try (AgentProcess a = AgentProcess.start(dir, x, "agent4").awaitOnline(ac)) {
            String parent = jobs.parent();
            CompletableFuture<ScriptResult> call = CompletableFuture.supplyAsync(() -> ac.executeScript("agent4", "a.b.wait",
                    "while [ ! -f " + go + " ]; do sleep 0.05; done; echo real", Map.of(), null, parent));
            await().atMost(Duration.ofSeconds(20)).until(() -> !jobs.jobs.children(parent).isEmpty());
            String job = jobs.jobs.children(parent).get(0).guid();

            XMPPTCPConnection rogue = new XMPPTCPConnection(x.as("rogue", "forger").toConfiguration());
            try {
                rogue.connect().login();
                AgentIq forged = Codec.iq(new ExecResult(job, 0, "forged", "", false, Map.of("owned", true), 1, null, null));
                forged.setTo(JidCreate.entityFullFrom("controller@" + x.domain + "/" + Protocol.CONTROLLER_RESOURCE));
                AgentIq lines = Codec.iq(new OutputBatch(job, 0, List.of(new OutputLine(false, "forged line"))));
                lines.setTo(forged.getTo());
                // refused as not-acceptable (since protocol 1.2): a real agent then drops what it sent
                assertEquals(IQ.Type.error, answer(rogue, lines), "the controller refused the forged output");
                // the controller handles IQs one at a time: once answered, the forgery was judged
                assertEquals(IQ.Type.error, answer(rogue, forged), "the controller refused the forged result");
            } finally {
                rogue.disconnect();
            }
            assertEquals(JobStatus.RUNNING, jobs.jobs.get(job).orElseThrow().status());
            assertFalse(call.isDone());

            Files.writeString(go, "");
            ScriptResult r = call.get();
            assertEquals("real\n", r.stdout());
            assertEquals(Map.of(), r.resultParams());
            assertEquals(JobStatus.DONE, jobs.jobs.get(job).orElseThrow().status());
            assertFalse(jobs.log(job).contains("forged line"), jobs.log(job));
        }
    }

    private static IQ.Type answer(XMPPTCPConnection c, IQ request) throws Exception {
        IQ reply = c.createStanzaCollectorAndSend(request).nextResult(10_000);
        return reply == null ? null : reply.getType();
    }
    /** Cluster: two nodes share the store; a decision taken on one is followed by the other, a rejection too. */
    @Test
    void aDecisionTakenOnOneNodeIsFollowedByAnotherOnTheSameStore() {
        Acceptance nodeA = new Acceptance(jobs.repo, false);
        Acceptance nodeB = new Acceptance(jobs.repo, false);
        assertEquals(AgentAcceptance.PENDING, nodeB.of("agent7"));
        nodeA.decide("agent7", AgentAcceptance.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeB.of("agent7") == AgentAcceptance.ACCEPTED);
        nodeA.decide("agent7", AgentAcceptance.REJECTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeB.of("agent7") == AgentAcceptance.REJECTED);
    }
}
