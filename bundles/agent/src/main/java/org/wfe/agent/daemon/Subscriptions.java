package org.wfe.agent.daemon;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.AbstractRosterListener;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;

/**
 * Presence between the agent and its controller, the XMPP way: the agent asks to see the controller's
 * presence and lets only the controller see its own, so the controller learns at once when the agent
 * goes away and the agent learns when the controller comes back (then it sends what it owes).
 * <p>
 * The request is kept alive, not sent once per login: any session of the controller's account may answer
 * it (RFC 6121 3.1.3 delivers it to all of them), and a refusal, say from a tool with Smack's default
 * {@code reject_all} that logged in before the controller, leaves the server nothing to deliver to the
 * controller later. So while the controller's presence is neither visible nor requested, the agent asks
 * again, less and less often.
 */
final class Subscriptions {

    private static final long RETRY_FIRST_MILLIS = 2_000;
    private static final long RETRY_MAX_MILLIS = 30_000;

    private final XMPPConnection conn;
    private final BareJid controller;
    private final Runnable controllerOnline;
    private final Roster roster;
    // used on the timer's thread only
    private long retryMillis = RETRY_FIRST_MILLIS;
    private long nextAskAt;

    Subscriptions(XMPPConnection conn, BareJid controller, Runnable controllerOnline) {
        this.conn = conn;
        this.controller = controller;
        this.controllerOnline = controllerOnline;
        this.roster = Roster.getInstanceFor(conn);
    }

    /** Answers the controller's requests, and checks every second on {@code timer} whether to ask for its presence. */
    void install(ScheduledExecutorService timer) {
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        roster.addSubscribeListener((Jid from, Presence p) -> {
            if (from.asBareJid().equals(controller)) {
                return SubscribeListener.SubscribeAnswer.Approve;
            }
            Log.warn("refused a presence subscription from " + from + ": only " + controller + " may see this agent");
            return SubscribeListener.SubscribeAnswer.Deny;
        });
        roster.addRosterListener(new AbstractRosterListener() {
            @Override
            public void presenceChanged(Presence presence) {
                // a resource that came may take what we owe; one that went may leave it to another
                if (presence.getFrom().asBareJid().equals(controller)) {
                    controllerOnline.run();
                }
            }
        });
        // polled rather than driven by roster events: the request is a plain presence send, and a timer needs no
        // care about which Smack thread (holding which roster lock) a listener runs on
        timer.scheduleWithFixedDelay(this::askIfNeeded, 0, 1, TimeUnit.SECONDS);
    }

    /** Asks for the controller's presence unless we see it or a request is pending; backs off until it is granted. */
    private void askIfNeeded() {
        try {
            if (!conn.isAuthenticated() || !roster.isLoaded()) {
                return; // Smack loads the roster at each login; we look again in a second
            }
            RosterEntry e = roster.getEntry(controller);
            if (e != null && e.canSeeHisPresence()) {
                retryMillis = RETRY_FIRST_MILLIS; // granted: should it be revoked one day, ask soon again
                return;
            }
            if (e != null && e.isSubscriptionPending()) {
                return; // the server keeps a pending request and hands it to the controller's next login
            }
            long now = System.currentTimeMillis();
            if (now < nextAskAt) {
                return;
            }
            nextAskAt = now + retryMillis;
            retryMillis = Math.min(2 * retryMillis, RETRY_MAX_MILLIS);
            roster.sendSubscriptionRequest(controller); // the server adds the roster item (RFC 6121 3.1.2)
            Log.info("asked " + controller + " for a presence subscription");
        } catch (Exception ex) {
            // caught here: an exception would end the timer's schedule
            Log.warn("presence subscription with " + controller + " failed: " + ex.getMessage());
        }
    }
}
