package org.wfe.agent.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

/** The agent controller's health check (issue 20, Health). */
class XmppCheckTest {

    private static String message(Result r) {
        return r.iterator().next().getMessage();
    }

    @Test
    void withoutAnXmppServerItIsOk() {
        assertEquals(Result.Status.OK, XmppCheck.judge(null, null).getStatus());
    }

    @Test
    void loggedInIsOkNotLoggedInAWarnWithTheLastProblem() {
        assertEquals(Result.Status.OK, XmppCheck.judge(new XmppCheck.Link("ctl@d/r via h:1", true, null), null).getStatus());
        Result down = XmppCheck.judge(new XmppCheck.Link("ctl@d/r via h:1", false, "cannot log in: connection refused"), null);
        assertEquals(Result.Status.WARN, down.getStatus());
        assertTrue(message(down).contains("connection refused") && message(down).contains("ctl@d/r"), message(down));
    }

    @Test
    void aRefusedConfigurationIsAWarnWithTheRefusalAndNoPassword() {
        Result r = XmppCheck.judge(null, "plain XMPP to 192.0.2.1 refused");
        assertEquals(Result.Status.WARN, r.getStatus());
        assertTrue(message(r).contains("refused"), message(r));
        assertFalse(message(r).contains("password"), message(r));
    }
}
