package org.wfe.agent.daemon;

import java.util.concurrent.CompletableFuture;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.wfe.agent.protocol.AgentIq;
import org.wfe.agent.protocol.Parts;
import org.wfe.agent.protocol.Codec;

/**
 * The outbox's way out over the agent's XMPP connection: to the resource that commanded the job while it is
 * online, else to any online resource of the controller's account.
 */
final class XmppWire implements Outbox.Wire {

    private final XMPPTCPConnection conn;
    private final BareJid controller;
    private final Roster roster;
    /** Where to send when we cannot see the controller's presence (subscription not granted yet): as before 1.2. */
    private final Jid fallback;

    XmppWire(XMPPTCPConnection conn, BareJid controller, Jid fallback) {
        this.conn = conn;
        this.controller = controller;
        this.fallback = fallback;
        this.roster = Roster.getInstanceFor(conn);
    }

    @Override
    public CompletableFuture<Void> send(Jid to, String kind, String body) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            // over one stanza's size: in parts, each after the previous one's answer (Parts)
            Parts.sendInOrder(Parts.split(kind, body), iq -> {
                CompletableFuture<org.jivesoftware.smack.packet.IQ> answer = new CompletableFuture<>();
                iq.setTo(to);
                try {
                    conn.sendIqRequestAsync(iq).onSuccess(answer::complete).onError(answer::completeExceptionally);
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
                return answer;
            }).whenComplete((answer, e) -> {
                if (e == null) {
                    f.complete(null);
                } else {
                    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    f.completeExceptionally(c instanceof Exception x ? refusal(x) : c);
                }
            });
        } catch (RuntimeException e) {
            f.completeExceptionally(e); // not connected (sent again after the next login), or over a message's size
        }
        return f;
    }

    /** {@code not-acceptable} is the controller's "stale token / not your job": the agent drops what it sent. */
    private static Exception refusal(Exception e) {
        if (e instanceof XMPPException.XMPPErrorException xe && xe.getStanzaError().getCondition() == StanzaError.Condition.not_acceptable) {
            return new Outbox.Stale(Codec.errorText(xe.getStanzaError()));
        }
        return e;
    }

    @Override
    public Jid target(Jid preferred) {
        if (!conn.isAuthenticated()) {
            return null;
        }
        RosterEntry entry = roster.getEntry(controller);
        if (entry == null || !entry.canSeeHisPresence()) {
            return preferred != null ? preferred : fallback;
        }
        if (preferred != null && preferred.hasResource() && roster.getPresenceResource(preferred.asFullJidIfPossible()).isAvailable()) {
            return preferred;
        }
        for (Presence p : roster.getAvailablePresences(controller)) {
            if (p.isAvailable() && p.getFrom() != null && p.getFrom().hasResource()) {
                return p.getFrom();
            }
        }
        return null;
    }
}
