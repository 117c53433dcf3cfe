package org.wfe.agent.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses XMPP without TLS beyond this host: the controller's password, every script and its params would
 * cross the network in clear, and anyone on the path could command every agent. Loopback stays allowed
 * (tests, a Prosody on the engine's host); elsewhere only with the explicit {@code insecure=true}. The one rule
 * for both ends: the engine's agent controller and the agent daemon.
 */
public final class TransportCheck {

    private TransportCheck() {
    }

    /**
     * Null when the settings may be used as they are; else why not.
     *
     * @param where where {@code insecure=true} is set (a configuration PID, a file), for the message
     */
    public static String refusal(XmppSettings x, boolean insecure, String where) {
        if (x == null || !"disabled".equalsIgnoreCase(x.tls()) || insecure || loopback(x.host())) {
            return null;
        }
        return "tls=disabled towards " + x.host() + ", which is not a loopback address: refused (set insecure=true in "
                + where + " to allow XMPP in clear over the network)";
    }

    /** The warning every start repeats while XMPP runs in clear beyond loopback by the operator's choice. */
    public static String warning(XmppSettings x, boolean insecure) {
        return x != null && "disabled".equalsIgnoreCase(x.tls()) && insecure && !loopback(x.host())
                ? "INSECURE: XMPP to " + x.host() + " without TLS (insecure=true): passwords, scripts and params cross the network in clear"
                : null;
    }

    /** Every address the name resolves to is loopback; a name that does not resolve is not. */
    static boolean loopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
