package org.wfe.agent.controller.impl;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.wfe.agent.protocol.XmppSettings;

/**
 * Refuses XMPP without TLS beyond this host: the controller's password, every script and its params would
 * cross the network in clear, and anyone on the path could command every agent. Loopback stays allowed
 * (tests, a Prosody on the engine's host); elsewhere only with the explicit {@code insecure=true}.
 */
final class TransportCheck {

    private TransportCheck() {
    }

    /** Null when the settings may be used as they are; else why not. */
    static String refusal(XmppSettings x, boolean insecure) {
        if (x == null || !"disabled".equalsIgnoreCase(x.tls()) || insecure || loopback(x.host())) {
            return null;
        }
        return "tls=disabled towards " + x.host() + ", which is not a loopback address: refused (set insecure=true in "
                + ControllerConfig.PID + " to allow XMPP in clear over the network)";
    }

    /** The warning every start repeats while XMPP runs in clear beyond loopback by the operator's choice. */
    static String warning(XmppSettings x, boolean insecure) {
        return x != null && "disabled".equalsIgnoreCase(x.tls()) && insecure && !loopback(x.host())
                ? "INSECURE: XMPP to " + x.host() + " without TLS (insecure=true): the controller's password, scripts and params cross the network in clear"
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
