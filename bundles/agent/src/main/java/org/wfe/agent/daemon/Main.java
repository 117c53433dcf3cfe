package org.wfe.agent.daemon;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar wfe-agent.jar --config agent.properties [key=value...]}: runs until stopped (SIGTERM). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        if (a.contains("--help") || a.contains("-h")) {
            System.out.println("""
                    usage: java -jar wfe-agent.jar [--config FILE] [key=value ...]
                    keys: xmppserver (host), port (5222), domain (default: xmppserver), user (this agent's guid),
                          password, controller (the controller's user or JID), tls (required|disabled; disabled beyond
                          this host needs insecure=true),
                          truststore (JKS/PKCS12 file), truststore.password, workdir (default var/agent),
                          labels (name:value,... e.g. role:web,dc:ams), facts.interval (seconds, default 60)
                    passwords are refused as arguments (ps shows them to every user): put them in the config
                    file (mode 600), or use password.file=FILE, or WFE_AGENT_PASSWORD / WFE_AGENT_TRUSTSTORE_PASSWORD""");
            return;
        }
        AgentConfig config;
        try {
            config = AgentConfig.fromArgs(a);
        } catch (IllegalArgumentException e) {
            System.err.println("wfe-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Smack logs through java.util.logging: only its warnings matter to an operator
        Logger.getLogger("org.jivesoftware").setLevel(Level.WARNING);
        AgentDaemon daemon = new AgentDaemon(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            Log.flush(2000); // the last lines say why it stopped
            stopped.countDown();
        }, "wfe-agent-stop"));
        daemon.start();
        stopped.await();
    }
}
