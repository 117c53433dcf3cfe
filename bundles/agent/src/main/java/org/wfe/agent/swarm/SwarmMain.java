package org.wfe.agent.swarm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.wfe.agent.daemon.AgentConfig;

/**
 * {@code java -cp wfe-agent.jar org.wfe.agent.swarm.SwarmMain count=N prefix=P [prosody.data=DIR] [--config FILE]
 * [key=value ...]}: N agents PREFIX1..PREFIXN in this JVM (the agent's own settings otherwise, {@code user} aside),
 * until stopped. {@code prosody.data=DIR} first writes their accounts into a running test Prosody's data folder
 * ({@link ProsodyAccounts}). Prints {@code online N} once all are logged in, then a line whenever the count changes,
 * so a benchmark that started it can follow along on stdout.
 */
public final class SwarmMain {

    private SwarmMain() {
    }

    public static void main(String[] args) throws Exception {
        int count = 0;
        String prefix = null;
        Path prosodyData = null;
        List<String> rest = new ArrayList<>();
        for (String a : Arrays.asList(args)) {
            if (a.startsWith("count=")) {
                count = Integer.parseInt(a.substring(6).strip());
            } else if (a.startsWith("prefix=")) {
                prefix = a.substring(7).strip();
            } else if (a.startsWith("prosody.data=")) {
                prosodyData = Path.of(a.substring(13).strip());
            } else {
                rest.add(a);
            }
        }
        if (count < 1 || prefix == null || prefix.isEmpty()) {
            System.err.println("usage: SwarmMain count=N prefix=P [prosody.data=DIR] [--config FILE] [key=value ...]"
                    + " (the agent's settings, user aside; the password from the file or WFE_AGENT_PASSWORD)");
            System.exit(2);
        }
        rest.add("user=" + prefix); // the template's; every agent gets its own
        AgentConfig template;
        try {
            template = AgentConfig.fromArgs(rest);
        } catch (IllegalArgumentException e) {
            System.err.println("wfe-agent swarm: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (prosodyData != null) {
            ProsodyAccounts.write(prosodyData, template.xmpp().domain(), Swarm.users(prefix, count), template.xmpp().password());
        }
        Logger.getLogger("org.jivesoftware").setLevel(Level.WARNING);
        Swarm swarm = Swarm.start(template, prefix, count);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            swarm.close();
            stopped.countDown();
        }, "wfe-swarm-stop"));
        int last = -1;
        while (stopped.getCount() > 0) {
            int online = swarm.online();
            if (online != last) {
                System.out.println("online " + online);
                System.out.flush();
                last = online;
            }
            // a report, not a wait for something: the line is for a reader that follows the count
            stopped.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }
}
