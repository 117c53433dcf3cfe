package org.wfe.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.wfe.api.user.Role;

/** Which console paths each role reaches (the browser and fault tests check the same on a real engine). */
class ConsoleSecurityTest {

    @Test
    void wfePagesAreForViewersTheirFormsForOperatorsEverythingElseForAdmins() {
        assertEquals(Role.VIEWER, ConsoleSecurity.needed(ConsoleSecurity.label("/wfe-jobs"), "GET"));
        assertEquals(Role.VIEWER, ConsoleSecurity.needed(ConsoleSecurity.label("/wfe-jobs/res/wfe.js"), "GET"));
        assertEquals(Role.OPERATOR, ConsoleSecurity.needed(ConsoleSecurity.label("/wfe-jobs/kill"), "POST"));
        assertEquals(Role.OPERATOR, ConsoleSecurity.needed(ConsoleSecurity.label("/wfe-jobs/start"), "POST"));
        for (String admin : new String[] {"/configMgr", "/configMgr/org.wfe.drp", "/bundles", "/bundles.json", "/gogo",
                "/vmstat", "/install", "/services", "/configMgr.json", "/ConfigMgr"}) {
            assertEquals(Role.ADMIN, ConsoleSecurity.needed(ConsoleSecurity.label(admin), "GET"), admin);
            assertEquals(Role.ADMIN, ConsoleSecurity.needed(ConsoleSecurity.label(admin), "POST"), admin);
        }
        assertEquals(Role.VIEWER, ConsoleSecurity.needed(ConsoleSecurity.label("/res/ui/webconsole.css"), "GET"));
        assertEquals(Role.VIEWER, ConsoleSecurity.needed(ConsoleSecurity.label(""), "GET"), "the root redirects");
    }
}
