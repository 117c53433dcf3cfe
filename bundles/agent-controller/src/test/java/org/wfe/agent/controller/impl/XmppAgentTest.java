package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.wfe.agent.protocol.AgentIq;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.Protocol;
import org.wfe.api.agent.AgentNotAvailableException;
import org.wfe.api.agent.ScriptFailedException;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;

/** A real agent process against the real Prosody: the normal paths, bad input and a rogue sender. */
class XmppAgentTest {

    @TempDir
    static Path dir;
    static Xmpp x;
    static Jobs jobs;
    static Controller ac;
    static AgentProcess agent;

    @BeforeAll
    static void setUp() throws Exception {
        x = Xmpp.require();
        jobs = new Jobs(dir.resolve("db"));
        ac = new Controller(jobs.jobs, Settings.localOnly(dir.resolve("local")).withXmpp(x.controller()));
        ac.accept("agent1"); // only accepted agents get scripts (AcceptanceTest is about that)
        agent = AgentProcess.start(dir, x, "agent1");
        agent.awaitOnline(ac);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (ac != null) {
            ac.close();
            jobs.close();
        }
    }

    @Test
    void scriptRunsRemotelyWithParamsOutputAndResult() {
        String parent = jobs.parent();
        ScriptResult r = ac.executeScript("agent1", "hypervisor.startVMachine.start", """
                #!/bin/bash
                read -r p
                echo "got $p"
                for i in 1 2 3; do echo "line $i"; done
                printf '{"host": "%s"}' "$(hostname)" > "$WFE_RESULT_FILE"
                """, Map.of("vm", "$(reboot)"), null, parent);
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().contains("got {\"vm\":\"$(reboot)\"}"), r.stdout());
        assertTrue(r.resultParams().containsKey("host"));
        Job child = jobs.only(parent);
        assertEquals(JobStatus.DONE, child.status());
        assertEquals("agent1", child.agentGuid());
        String log = jobs.log(child.guid());
        assertTrue(log.contains("INFO agent:agent1: line 3"), log);
        assertTrue(ac.agents().stream().anyMatch(a -> a.guid().equals("agent1") && a.online() && a.lastSeen() != null));
    }

    @Test
    void exitCodeNonZeroFailsTheJob() {
        String parent = jobs.parent();
        ScriptFailedException e = assertThrows(ScriptFailedException.class,
                () -> ac.executeScript("agent1", "a.b.fail", "echo boom >&2; exit 42", Map.of(), null, parent));
        assertEquals(42, e.result().exitCode());
        Job child = jobs.only(parent);
        assertEquals(JobStatus.ERROR, child.status());
        assertTrue(child.userErrorMessage().contains("boom"), child.userErrorMessage());
    }

    @Test
    void tenMegabytesOfOutputAreCappedAndTheAgentStaysHealthy() {
        String parent = jobs.parent();
        ScriptResult r = ac.executeScript("agent1", "a.b.big", "head -c 10485760 /dev/zero | tr '\\0' 'x' | fold -w 200; echo end >&2",
                Map.of(), null, parent);
        assertEquals(0, r.exitCode());
        assertTrue(r.truncated());
        assertTrue(r.stdout().length() <= Protocol.MAX_MESSAGE_BYTES / 4, "stdout " + r.stdout().length());
        assertTrue(r.stdout().length() > Protocol.MAX_BODY_BYTES, "a result over one stanza came in parts: " + r.stdout().length());
        assertEquals("end\n", r.stderr());
        assertEquals("ok\n", ac.executeScript("agent1", "a.b.after", "echo ok", Map.of(), null, jobs.parent()).stdout());
    }

    @Test
    void agentNotOnlineFailsAtOnce() {
        String parent = jobs.parent();
        // refused before anything is sent or stored: no job, no waiting for an answer
        assertThrows(AgentNotAvailableException.class, () -> ac.executeScript("agent4", "a.b.c", "true", Map.of(), null, parent));
        assertTrue(jobs.jobs.children(parent).isEmpty());
    }

    @Test
    void maxDurationKillsTheRemoteProcessGroup() {
        String parent = jobs.parent();
        String m = Processes.marker();
        JobKilledException e = assertThrows(JobKilledException.class, () -> ac.executeScript("agent1", "a.b.slow",
                "sleep " + m + " & sleep " + m + " & sleep " + m, Map.of(), ExecutionParams.defaults().withMaxDuration(1L), parent));
        assertEquals(JobStatus.TIMED_OUT, e.status());
        assertEquals(JobStatus.TIMED_OUT, jobs.only(parent).status());
        await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.anyWithCommandLine("sleep " + m));
    }

    @Test
    void rogueSenderIsRefusedAndNothingRuns() throws Exception {
        Path marker = dir.resolve("rogue-was-here");
        XMPPTCPConnection rogue = new XMPPTCPConnection(x.as("rogue", "r1").toConfiguration());
        try {
            rogue.connect().login();
            AgentIq iq = Codec.iq(new ExecRequest("rogue-job", "touch " + marker, Map.of(), 0));
            iq.setTo(JidCreate.entityFullFrom("agent1@" + x.domain + "/" + Protocol.AGENT_RESOURCE));
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> rogue.createStanzaCollectorAndSend(iq).nextResultOrThrow(10_000));
            assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("refused <exec/> from rogue@"));
        } finally {
            rogue.disconnect();
        }
        assertFalse(Files.exists(marker));
    }

    @Test
    void garbageAndUnknownPayloadsGetClearErrorsAndNothingIsLost() throws Exception {
        // the controller's own account (another resource): the agent obeys the sender, so it decodes the body
        XMPPTCPConnection c = new XMPPTCPConnection(x.as("controller", "test-garbage").toConfiguration());
        try {
            c.connect().login();
            AgentIq garbage = new AgentIq(Protocol.EXEC, "{this is not json");
            garbage.setTo(JidCreate.entityFullFrom("agent1@" + x.domain + "/" + Protocol.AGENT_RESOURCE));
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> c.createStanzaCollectorAndSend(garbage).nextResultOrThrow(10_000));
            assertEquals(StanzaError.Condition.bad_request, e.getStanzaError().getCondition());
            String text = Codec.errorText(e.getStanzaError());
            assertTrue(text.startsWith("ExecRequest: not JSON"), text);
            AgentIq unknown = new AgentIq("reboot", "{}");
            unknown.setTo(garbage.getTo());
            e = assertThrows(XMPPException.XMPPErrorException.class, () -> c.createStanzaCollectorAndSend(unknown).nextResultOrThrow(10_000));
            assertEquals(StanzaError.Condition.bad_request, e.getStanzaError().getCondition());
            assertTrue(Codec.errorText(e.getStanzaError()).startsWith("unknown kind 'reboot'"), Codec.errorText(e.getStanzaError()));
            assertFalse(agent.log().contains("connection lost"), "a bad request must not cost the agent its connection");
        } finally {
            c.disconnect();
        }
        assertEquals("still here\n", ac.executeScript("agent1", "a.b.after", "echo still here", Map.of(), null, jobs.parent()).stdout());
    }

    @Test
    void killStopsTheRemoteScript() throws Exception {
        String parent = jobs.parent();
        String m = Processes.marker();
        var call = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> ac.executeScript("agent1", "a.b.slow", "sleep " + m + " & sleep " + m, Map.of(), null, parent));
        await().atMost(Duration.ofSeconds(10)).until(() -> Processes.anyWithCommandLine("sleep " + m));
        jobs.jobs.kill(parent);
        Exception e = assertThrows(Exception.class, call::join);
        assertInstanceOf(JobKilledException.class, e.getCause());
        assertEquals(JobStatus.KILLED, jobs.only(parent).status());
        await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.anyWithCommandLine("sleep " + m));
    }

    @Test
    void connectionsOutliveTheJdksPerDocumentXmlBudgets() {
        // each '"' travels as &quot;: 5 x 25,000 of them exceed the JDK's budget of 100,000 for the agent's stream
        String quotes = "\"".repeat(25_000);
        String parent = jobs.parent();
        String before = agent.log();
        for (int i = 0; i < 5; i++) {
            ScriptResult r = ac.executeScript("agent1", "bench.quotes.run", "read -r p; printf '%s' \"$p\" | tr -cd '\"' | wc -c",
                    Map.of("q", quotes), null, parent);
            // JSON on stdin: the 25,000 quotes (each escaped as \\") and the 4 around the key and the value
            assertEquals(String.valueOf(quotes.length() + 4), r.stdout().strip());
        }
        assertTrue(ac.connected());
        String during = agent.log().substring(before.length());
        assertFalse(during.contains("connection lost"), during);
    }

    @Test
    void aScriptOverOneStanzaGoesInPartsAndOneOverAMessageIsRefusedBeforeAnythingIsSent() {
        // 60,000 quotes are 120,000 JSON characters but 420,000 bytes as XML: over Prosody's 256 KiB, which would
        // close the controller's stream (and every agent's conversation with it) if it went as one stanza
        String parent = jobs.parent();
        String quotes = "\"".repeat(60_000);
        ScriptResult r = ac.executeScript("agent1", "a.b.parts", "read -r p; printf '%s' \"$p\" | tr -cd '\"' | wc -c",
                Map.of("q", quotes), null, parent);
        assertEquals(String.valueOf(quotes.length() + 4), r.stdout().strip());
        assertTrue(ac.connected());

        // 200,000 quotes are 1.4 MB as XML: over a message's 1 MiB, refused before anything goes out
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ac.executeScript("agent1", "a.b.big",
                "exit 0", Map.of("q", "\"".repeat(200_000)), null, parent));
        assertTrue(e.getMessage().contains("bytes as XML, more than the " + Protocol.MAX_MESSAGE_BYTES), e.getMessage());
        assertEquals(1, jobs.jobs.children(parent).size(), "no job for a script that was never sent");
        assertEquals("ok\n", ac.executeScript("agent1", "a.b.after", "echo ok", Map.of(), null, parent).stdout());
    }
}
