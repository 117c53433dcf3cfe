package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.wfe.agent.protocol.AgentIq;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.FactsReport;
import org.wfe.agent.protocol.Protocol;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentSelector;
import org.wfe.api.drp.RootObject;

/**
 * The inventory with real agent processes on the real Prosody: facts and labels arrive and are stored, a
 * restart of the controller keeps them, a change is seen, a selector picks the right agents of several, and
 * a hostile agent can neither send more than the bounds nor make the store write at its pace.
 */
class InventoryTest {

    @TempDir
    Path dir;
    Xmpp x;
    Jobs jobs;
    Controller ac;
    final List<AgentProcess> agents = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        x = Xmpp.require();
        jobs = new Jobs(dir.resolve("db"));
        ac = controller();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AgentProcess a : agents) {
            a.close();
        }
        ac.close();
        jobs.close();
    }

    private Controller controller() {
        return new Controller(jobs.jobs, Settings.localOnly(dir.resolve("local")).withXmpp(x.controller()),
                new Acceptance(jobs.repo, false), new Inventory(jobs.repo));
    }

    /** A real agent on an account of its own (registered now), with these labels. */
    private AgentProcess agent(String name, String labels) throws Exception {
        String pw = x.register(name);
        AgentProcess a = new AgentProcess(dir.resolve(name + "-" + agents.size()), x.host, x.port, x.domain, name, pw, "controller",
                "disabled", null, null, List.of("labels=" + labels));
        agents.add(a);
        return a;
    }

    private AgentInfo info(String agent) {
        return ac.agents().stream().filter(a -> a.guid().equals(agent)).findFirst().orElseThrow();
    }

    private AgentInfo awaitLabels(String agent, Map<String, String> labels) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ac.agents().stream().anyMatch(a -> a.guid().equals(agent) && a.labels().equals(labels)));
        return info(agent);
    }

    private RootObject awaitStored(String agent, Map<String, String> labels) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> jobs.repo.get(Inventory.TYPE, Inventory.guid(agent)).orElse(null),
                o -> o != null && labels.equals(o.body().get("labels")));
    }

    @Test
    void factsAndLabelsArriveAreStoredSurviveARestartAndAChangeIsSeen() throws Exception {
        AgentProcess a = agent("inv-web-1", "role:web,dc:ams");
        AgentInfo i = awaitLabels("inv-web-1", Map.of("role", "web", "dc", "ams"));
        assertTrue(i.facts().keySet().containsAll(List.of("hostname", "os", "os.version", "kernel", "arch", "cores", "memory.mb", "agent.version")),
                i.facts().toString());
        assertEquals(System.getProperty("os.version"), i.facts().get("kernel"));
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), i.facts().get("cores"));
        assertNotNull(i.firstSeen());
        awaitStored("inv-web-1", Map.of("role", "web", "dc", "ams"));

        // an engine restart: the new controller knows the agent before it reports again
        ac.close();
        a.close();
        ac = controller();
        AgentInfo again = info("inv-web-1");
        assertFalse(again.online());
        assertEquals(i.firstSeen(), again.firstSeen());
        assertEquals(i.facts(), again.facts());
        assertEquals(i.labels(), again.labels());

        // the agent comes back with other labels: the change is seen and stored, first seen stays
        agent("inv-web-1", "role:db,dc:ams").awaitOnline(ac);
        AgentInfo changed = awaitLabels("inv-web-1", Map.of("role", "db", "dc", "ams"));
        assertEquals(i.firstSeen(), changed.firstSeen());
        assertTrue(changed.online());
        RootObject o = awaitStored("inv-web-1", Map.of("role", "db", "dc", "ams"));
        assertEquals(i.firstSeen().toString(), o.body().get("firstSeen"));
    }

    @Test
    void aSelectorPicksTheRightAgentsOutOfSeveralAndTargetsOnlyAcceptedOnes() throws Exception {
        agent("inv-sel-web-a", "role:web,dc:ams").awaitOnline(ac);
        agent("inv-sel-web-b", "role:web,dc:fra").awaitOnline(ac);
        agent("inv-sel-db-a", "role:db,dc:ams").awaitOnline(ac);
        ac.accept("inv-sel-web-a");
        ac.accept("inv-sel-db-a"); // inv-sel-web-b stays pending
        awaitLabels("inv-sel-web-a", Map.of("role", "web", "dc", "ams"));
        awaitLabels("inv-sel-web-b", Map.of("role", "web", "dc", "fra"));
        awaitLabels("inv-sel-db-a", Map.of("role", "db", "dc", "ams"));

        assertEquals(List.of("inv-sel-web-a"), names(ac.agents(AgentSelector.parse("inv-sel-* and role=web and dc=ams"))));
        assertEquals(List.of("inv-sel-web-a", "inv-sel-web-b"), names(ac.agents(AgentSelector.parse("inv-sel-web-*"))));
        assertEquals(List.of("inv-sel-web-a"), names(ac.targets(AgentSelector.parse("inv-sel-web-*"))), "a pending agent is never targeted");
        assertEquals(List.of("inv-sel-db-a", "inv-sel-web-a"), names(ac.targets(AgentSelector.parse("inv-sel-* and dc=ams and online=true"))));
        assertEquals(List.of("inv-sel-db-a", "inv-sel-web-a", "inv-sel-web-b"), names(ac.agents(AgentSelector.parse("inv-sel-* and role=web,db and os=" + info("inv-sel-db-a").facts().get("os")))));
    }

    @Test
    void aHostileAgentCannotSendMoreThanTheBoundsNorMakeTheStoreWriteAtItsPace() throws Exception {
        String pw = x.register("inv-hostile");
        XMPPTCPConnection c = new XMPPTCPConnection(x.as("inv-hostile", pw, Protocol.AGENT_RESOURCE).toConfiguration());
        try {
            c.connect().login();
            Map<String, String> many = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                many.put("k" + i, "v".repeat(100));
            }
            IQ reply = answer(c, raw(Codec.encode(Map.of("facts", many))));
            assertEquals(IQ.Type.error, reply.getType());
            assertEquals(StanzaError.Condition.bad_request, reply.getError().getCondition());
            assertTrue(Codec.errorText(reply.getError()).contains("1000 facts: at most 32"), Codec.errorText(reply.getError()));
            assertEquals(IQ.Type.error, answer(c, raw("{\"labels\":{\"role\":\"" + "x".repeat(5000) + "\"}}")).getType());
            assertTrue(jobs.repo.get(Inventory.TYPE, Inventory.guid("inv-hostile")).isEmpty(), "nothing stored of a refused report");

            // 300 changing reports as fast as it can: each is taken, the store writes the latest about once a second
            int reports = 300;
            for (int i = 0; i < reports; i++) {
                assertEquals(IQ.Type.result, answer(c, Codec.iq(new FactsReport(Map.of("os", "v" + i), Map.of()))).getType());
            }
            RootObject o = await().atMost(Duration.ofSeconds(30)).until(() -> jobs.repo.get(Inventory.TYPE, Inventory.guid("inv-hostile")).orElse(null),
                    r -> r != null && Map.of("os", "v" + (reports - 1)).equals(r.body().get("facts")));
            assertTrue(o.version() < reports / 3, "one write per report: version " + o.version());
            System.out.println("inventory figure: " + reports + " reports, stored version " + o.version());
            assertEquals(1, jobs.repo.find(Inventory.TYPE, Map.of("name", "inv-hostile"), 0, 100).size());
        } finally {
            c.disconnect();
        }
    }

    private IQ raw(String body) throws Exception {
        return new AgentIq(Protocol.FACTS, body);
    }

    private IQ answer(XMPPTCPConnection c, IQ request) throws Exception {
        request.setTo(JidCreate.entityFullFrom("controller@" + x.domain + "/" + Protocol.CONTROLLER_RESOURCE));
        IQ reply = c.createStanzaCollectorAndSend(request).nextResult(10_000);
        assertNotNull(reply, "no answer from the controller");
        return reply;
    }

    private static List<String> names(List<AgentInfo> l) {
        return l.stream().map(AgentInfo::guid).sorted().toList();
    }

}
