package org.wfe.agent.protocol;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/** The XMPP connection both ends of the protocol keep, made and logged in the same way on both. */
public final class Connections {

    private static final long RETRY_MILLIS = 2000;

    private Connections() {
    }

    /**
     * A connection without stream management (with it, the server keeps a killed peer's session "online"
     * for minutes), that leaves unknown requests unanswered ({@link Codec#protectStream}) and reconnects
     * 1 s after losing the server.
     */
    public static XMPPTCPConnection create(XmppSettings settings, long replyTimeoutMillis) {
        XMPPTCPConnection conn = new XMPPTCPConnection(settings.toConfiguration());
        conn.setUseStreamManagement(false);
        conn.setReplyTimeout(replyTimeoutMillis);
        Codec.protectStream(conn);
        ReconnectionManager rm = ReconnectionManager.getInstanceFor(conn);
        rm.setReconnectionPolicy(ReconnectionManager.ReconnectionPolicy.FIXED_DELAY);
        rm.setFixedDelay(1);
        rm.enableAutomaticReconnection();
        return conn;
    }

    /**
     * Connects and logs in on a daemon thread of its own, every 2 s until it works or {@code closed} says
     * stop (nobody waits for the server to be up); after the first login Smack's reconnection takes over.
     */
    public static void loginUntilUp(XMPPTCPConnection conn, String threadName, BooleanSupplier closed, Consumer<Exception> failed) {
        Thread.ofPlatform().name(threadName).daemon().start(() -> {
            while (!closed.getAsBoolean() && !conn.isAuthenticated()) {
                try {
                    if (!conn.isConnected()) {
                        conn.connect();
                    }
                    conn.login();
                } catch (Exception e) {
                    failed.accept(e);
                    conn.disconnect();
                    try {
                        Thread.sleep(RETRY_MILLIS);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        });
    }
}
