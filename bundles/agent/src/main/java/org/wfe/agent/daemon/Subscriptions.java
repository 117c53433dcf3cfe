package org.wfe.agent.daemon;

import java.util.Collection;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;

/**
 * Presence between the agent and its controller, the XMPP way: the agent asks to see the controller's
 * presence and lets only the controller see its own, so the controller learns at once when the agent
 * goes away and the agent learns when the controller comes back (then it sends what it owes).
 */
final class Subscriptions {

    private final XMPPConnection conn;
    private final BareJid controller;
    private final Runnable controllerOnline;

    Subscriptions(XMPPConnection conn, BareJid controller, Runnable controllerOnline) {
        this.conn = conn;
        this.controller = controller;
        this.controllerOnline = controllerOnline;
    }

    void install() {
        Roster roster = Roster.getInstanceFor(conn);
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        roster.addSubscribeListener((Jid from, Presence p) -> {
            if (from.asBareJid().equals(controller)) {
                return SubscribeListener.SubscribeAnswer.Approve;
            }
            Log.warn("refused a presence subscription from " + from + ": only " + controller + " may see this agent");
            return SubscribeListener.SubscribeAnswer.Deny;
        });
        roster.addRosterListener(new RosterListener() {
            @Override
            public void presenceChanged(Presence presence) {
                if (presence.getFrom().asBareJid().equals(controller) && presence.isAvailable()) {
                    controllerOnline.run();
                }
            }

            @Override
            public void entriesAdded(Collection<Jid> addresses) {
            }

            @Override
            public void entriesUpdated(Collection<Jid> addresses) {
            }

            @Override
            public void entriesDeleted(Collection<Jid> addresses) {
            }
        });
        conn.addConnectionListener(new ConnectionListener() {
            @Override
            public void authenticated(XMPPConnection c, boolean resumed) {
                Thread.ofVirtual().name("wfe-agent-subscribe").start(() -> subscribe(roster));
            }
        });
    }

    private void subscribe(Roster roster) {
        try {
            roster.reloadAndWait();
            RosterEntry e = roster.getEntry(controller);
            if (e == null || (!e.canSeeHisPresence() && !e.isSubscriptionPending())) {
                roster.createItemAndRequestSubscription(controller, "controller", null);
                Log.info("asked " + controller + " for a presence subscription");
            }
        } catch (Exception ex) {
            Log.warn("presence subscription with " + controller + " failed: " + ex.getMessage());
        }
    }
}
