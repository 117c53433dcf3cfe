package org.wfe.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** XMPP in clear beyond this host is refused unless marked insecure, and then warned (issue 15 §4, TLS). */
class TransportCheckTest {

    static XmppSettings to(String host, String tls) {
        return new XmppSettings(host, 5222, "example.org", "controller", "pw", "controller", tls, null, null);
    }

    @Test
    void plainXmppBeyondLoopbackIsRefusedUnlessInsecureAndThenWarned() {
        for (String host : new String[] {"192.0.2.10", "10.1.2.3", "no-such-host.invalid"}) {
            String r = TransportCheck.refusal(to(host, "disabled"), false, "the configuration");
            assertNotNull(r, host);
            assertTrue(r.contains("insecure=true") && r.contains(host), r);
            assertNull(TransportCheck.refusal(to(host, "disabled"), true, "the configuration"), host);
            assertNotNull(TransportCheck.warning(to(host, "disabled"), true), host);
            assertNull(TransportCheck.refusal(to(host, "required"), false, "the configuration"), host);
        }
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            assertNull(TransportCheck.refusal(to(host, "disabled"), false, "the configuration"), host);
            assertNull(TransportCheck.warning(to(host, "disabled"), true), host);
        }
        assertNull(TransportCheck.refusal(null, false, "the configuration"), "no XMPP server: nothing to check");
    }
}
