package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.agent.protocol.Protocol;

/**
 * Presence on a fresh server: each test registers its own controller and agent accounts, so every roster starts
 * empty whatever ran before. Whoever logs in first, whichever restarts, and whatever another session of the
 * controller's account answers to the agents' subscription requests, the controller ends up seeing them online.
 */
class XmppPresenceTest {

    static final int AGENTS = 2;

    @TempDir
    Path dir;
    Xmpp x;
    Jobs jobs;
    String controller;
    String controllerPassword;
    final List<String> agentUsers = new ArrayList<>();
    final List<String> agentPasswords = new ArrayList<>();
    final List<AgentProcess> agents = new ArrayList<>();
    final List<Controller> controllers = new ArrayList<>();
    XMPPTCPConnection other;

    @BeforeEach
    void setUp() throws Exception {
        x = Xmpp.require();
        jobs = new Jobs(dir.resolve("db"));
        String id = "p" + Long.toString(System.nanoTime(), 36);
        controller = id + "-controller";
        controllerPassword = x.register(controller);
        for (int i = 1; i <= AGENTS; i++) {
            agentUsers.add(id + "-agent" + i);
            agentPasswords.add(x.register(id + "-agent" + i));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AgentProcess a : agents) {
            a.close();
        }
        controllers.forEach(Controller::close);
        if (other != null) {
            other.disconnect();
        }
        jobs.close();
    }

    private AgentProcess startAgent(int i) throws Exception {
        AgentProcess a = AgentProcess.start(dir, x, agentUsers.get(i), agentPasswords.get(i), controller);
        agents.add(a);
        return a;
    }

    /** Starts every agent and returns once each has logged in and asked the controller's account for a subscription. */
    private void startAgentsAndAwaitTheirRequests() throws Exception {
        for (int i = 0; i < AGENTS; i++) {
            startAgent(i);
        }
        for (AgentProcess a : agents) {
            await().atMost(Duration.ofSeconds(30)).failFast(() -> !a.process.isAlive())
                    .until(() -> a.log().contains("asked " + controller + "@" + x.domain + " for a presence subscription"));
        }
    }

    private Controller startController() {
        Controller ac = new Controller(jobs.jobs, Settings.localOnly(dir.resolve("local"))
                .withXmpp(x.as(controller, controllerPassword, Protocol.CONTROLLER_RESOURCE)));
        controllers.add(ac);
        return ac;
    }

    private void awaitAllOnline(Controller ac) {
        agents.forEach(a -> a.awaitOnline(ac));
    }

    @Test
    void agentsLoggedInFirstThenTheControllerThenEachRestarted() throws Exception {
        startAgentsAndAwaitTheirRequests();
        Controller first = startController();
        awaitAllOnline(first);

        // the controller restarted: now it has the agents in its roster and the server tells it their presence
        first.close();
        controllers.remove(first);
        Controller ac = startController();
        awaitAllOnline(ac);

        // an agent restarted
        AgentProcess stopped = agents.remove(0);
        stopped.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ac.agents().stream().noneMatch(a -> a.guid().equals(stopped.user) && a.online()));
        startAgent(0);
        awaitAllOnline(ac);
    }

    @Test
    void controllerLoggedInFirstThenTheAgents() throws Exception {
        Controller ac = startController();
        await().atMost(Duration.ofSeconds(20)).until(ac::connected);
        for (int i = 0; i < AGENTS; i++) {
            startAgent(i);
        }
        awaitAllOnline(ac);
    }

    /**
     * The agent benchmark's failure: its second session of the controller's account (Smack's default subscription
     * mode, reject_all) logged in before the controller and refused the agents' pending requests. The server then
     * has nothing left to deliver to the controller; the agents must ask again.
     */
    @Test
    void anotherSessionOfTheControllersAccountRefusedTheRequestsFirst() throws Exception {
        startAgentsAndAwaitTheirRequests();
        otherSessionAnswers(Roster.SubscriptionMode.reject_all, Presence.Type.unsubscribed);
        Controller ac = startController();
        awaitAllOnline(ac);
    }

    /**
     * The mirror case: another session (a client that accepts everyone) approved the requests without asking back.
     * The agents see the controller, but the controller sees no agent until it asks for their presence itself.
     */
    @Test
    void anotherSessionOfTheControllersAccountApprovedTheRequestsFirst() throws Exception {
        startAgentsAndAwaitTheirRequests();
        otherSessionAnswers(Roster.SubscriptionMode.accept_all, Presence.Type.subscribed);
        Controller ac = startController();
        awaitAllOnline(ac);
    }

    /**
     * Logs in another session of the controller's account whose Smack roster answers subscription requests in the
     * given mode; returns once it has answered every agent and the server has processed the answers.
     */
    private void otherSessionAnswers(Roster.SubscriptionMode mode, Presence.Type answer) throws Exception {
        other = new XMPPTCPConnection(x.as(controller, controllerPassword, "other-client").toConfiguration());
        Roster.getInstanceFor(other).setSubscriptionMode(mode);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        other.addStanzaSendingListener(st -> answered.add(st.getTo().asBareJid().toString()),
                answer == Presence.Type.subscribed ? PresenceTypeFilter.SUBSCRIBED : PresenceTypeFilter.UNSUBSCRIBED);
        other.connect().login();
        await().atMost(Duration.ofSeconds(20)).until(() -> answered.size() == AGENTS);
        // the server handles one session's stanzas in order: once it answers this ping, it has processed the answers
        PingManager.getInstanceFor(other).pingMyServer();
    }
}
