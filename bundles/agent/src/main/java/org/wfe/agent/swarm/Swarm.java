package org.wfe.agent.swarm;

import java.util.ArrayList;
import java.util.List;

import org.wfe.agent.daemon.AgentConfig;
import org.wfe.agent.daemon.AgentDaemon;
import org.wfe.agent.protocol.XmppSettings;

/**
 * Many agents in one JVM, for tests and benchmarks: each an {@link AgentDaemon} of its own (its own XMPP
 * session, executor, work folder and pending results), made from one template configuration with the user
 * {@code PREFIX1} .. {@code PREFIXn} and the work folder {@code WORKDIR/USER}. All share the template's
 * password (see {@link ProsodyAccounts}). An agent costs its XMPP session's two Smack threads and two timers,
 * so 1,000 fit in a JVM of some hundred MB.
 */
public final class Swarm implements AutoCloseable {

    private final List<AgentDaemon> agents = new ArrayList<>();
    private final List<String> users;

    private Swarm(AgentConfig template, List<String> users) {
        this.users = List.copyOf(users);
        for (String user : users) {
            XmppSettings t = template.xmpp();
            XmppSettings x = new XmppSettings(t.host(), t.port(), t.domain(), user, t.password(), t.resource(), t.tls(), t.trustStore(),
                    t.trustStorePassword());
            agents.add(new AgentDaemon(new AgentConfig(x, template.controller(), template.workDir().resolve(user), template.limits())));
        }
    }

    /** The user names of a swarm: PREFIX1 .. PREFIXcount. */
    public static List<String> users(String prefix, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a swarm needs at least one agent, got " + count);
        }
        List<String> u = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            u.add(prefix + i);
        }
        return u;
    }

    /**
     * Starts {@code count} agents, {@value #WAVE} at a time: each wave's logins are awaited (at most
     * {@value #WAVE_MILLIS} ms) before the next starts. 1,000 logins at once make a herd that one Prosody on a
     * busy 2-core machine does not answer within the agents' 10 s reply time-out, and they all retry together.
     */
    public static Swarm start(AgentConfig template, String prefix, int count) throws InterruptedException {
        Swarm s = new Swarm(template, users(prefix, count));
        for (int i = 0; i < s.agents.size(); i += WAVE) {
            List<AgentDaemon> wave = s.agents.subList(i, Math.min(i + WAVE, s.agents.size()));
            wave.forEach(AgentDaemon::start);
            long deadline = System.currentTimeMillis() + WAVE_MILLIS;
            while (!wave.stream().allMatch(AgentDaemon::online) && System.currentTimeMillis() < deadline) {
                Thread.sleep(10); // a start-up pace, not a wait for a result: the agents log in on their own threads
            }
        }
        return s;
    }

    static final int WAVE = 50;
    static final long WAVE_MILLIS = 15_000;

    public List<String> users() {
        return users;
    }

    /** How many are logged in right now. */
    public int online() {
        return (int) agents.stream().filter(AgentDaemon::online).count();
    }

    /** Scripts running on all agents together. */
    public int running() {
        return agents.stream().mapToInt(a -> a.runningJobs().size()).sum();
    }

    @Override
    public void close() {
        agents.forEach(AgentDaemon::close);
    }
}
