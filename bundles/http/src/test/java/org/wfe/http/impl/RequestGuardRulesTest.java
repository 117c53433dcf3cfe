package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rules of {@link RequestGuard}: which Host names and which request origins are this engine's own. */
class RequestGuardRulesTest {

    @Test
    void loopbackNamesOnlyWithTheEnginesPort() {
        HostAllowList h = HostAllowList.LOOPBACK_ONLY;
        for (String ok : new String[] {"127.0.0.1:8181", "localhost:8181", "LOCALHOST:8181", "[::1]:8181"}) {
            assertTrue(h.allows(ok, 8181), ok);
        }
        for (String bad : new String[] {"127.0.0.1:9999", "localhost", "evil.example:8181", "localhost.:8181", "127.0.0.2:8181",
                "127.0.0.1.evil.example:8181", "", "  "}) {
            assertFalse(h.allows(bad, 8181), bad);
        }
        assertFalse(h.allows(null, 8181), "no Host at all");
    }

    @Test
    void configuredNamesWithAnyPortOrTheirOwn() {
        HostAllowList h = HostAllowList.of(new String[] {"Engine.Example.com", "proxy.example:8443", " "});
        assertTrue(h.allows("engine.example.com:8181", 8181));
        assertTrue(h.allows("engine.example.com", 8181), "behind a proxy on port 80");
        assertTrue(h.allows("proxy.example:8443", 8181));
        assertFalse(h.allows("proxy.example:8181", 8181), "a configured port is exact");
        assertFalse(h.allows("example.com:8181", 8181));
        assertTrue(h.allows("127.0.0.1:8181", 8181), "loopback stays");
        HostAllowList line = HostAllowList.of(new String[] {"engine.example.com, proxy.example:8443 other.example"});
        assertEquals(HostAllowList.of(new String[] {"engine.example.com", "proxy.example:8443", "other.example"}), line, "a .cfg line");
    }

    @Test
    void aConfiguredNameThatIsNotAHostIsRefused() {
        for (String bad : new String[] {"http://engine.example", "engine.example/path", "*", "a:b:c", "engine.example;x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostAllowList.of(new String[] {bad}), bad);
            assertTrue(e.getMessage().startsWith("allowedHosts: "), e.getMessage());
        }
    }

    @Test
    void originThenRefererThenSecFetchSiteDecide() {
        String host = "127.0.0.1:8181";
        assertNull(CrossSite.foreign("http://127.0.0.1:8181", null, null, host));
        assertNull(CrossSite.foreign("https://127.0.0.1:8181", null, null, host));
        assertEquals("http://evil.example", CrossSite.foreign("http://evil.example", null, null, host));
        assertEquals("http://127.0.0.2:8181", CrossSite.foreign("http://127.0.0.2:8181", null, null, host));
        assertEquals("http://127.0.0.1:8182", CrossSite.foreign("http://127.0.0.1:8182", null, "same-site", host), "another port");
        assertEquals("null", CrossSite.foreign("null", null, null, host), "a sandboxed frame or a file: page");
        assertEquals("http://127.0.0.1:8181", CrossSite.foreign("http://127.0.0.1:8181", null, null, "localhost:8181"));
        // the Origin decides even when a Referer claims otherwise
        assertNull(CrossSite.foreign("http://127.0.0.1:8181", "http://evil.example/x", null, host));
        assertNull(CrossSite.foreign(null, "http://127.0.0.1:8181/system/console/configMgr", null, host));
        assertEquals("http://evil.example/page", CrossSite.foreign(null, "http://evil.example/page", "same-origin", host));
        assertEquals("ftp://127.0.0.1:8181/", CrossSite.foreign(null, "ftp://127.0.0.1:8181/", null, host));
        assertEquals("http://u@127.0.0.1:8181/", CrossSite.foreign(null, "http://u@127.0.0.1:8181/", null, host));
        for (String lookalike : new String[] {"http://127.0.0.1:8181@evil.example", "http://127.0.0.1:8181.evil.example",
                "//127.0.0.1:8181", "http://127.0.0.1:8181 evil", "http://127.0.0.1", "javascript://127.0.0.1:8181", ""}) {
            assertEquals(lookalike, CrossSite.foreign(lookalike, null, null, host), "a look-alike: " + lookalike);
        }
        assertNull(CrossSite.foreign(null, null, "same-origin", host));
        assertNull(CrossSite.foreign(null, null, "none", host), "typed into the address bar");
        assertEquals("Sec-Fetch-Site: cross-site", CrossSite.foreign(null, null, "cross-site", host));
        assertEquals("Sec-Fetch-Site: same-site", CrossSite.foreign(null, null, "same-site", host));
        assertNull(CrossSite.foreign(null, null, null, host), "no browser: curl, ./wfe, scripts");
    }

    @Test
    void onlyGetAndHeadAreSafe() {
        assertTrue(CrossSite.safe("GET"));
        assertTrue(CrossSite.safe("HEAD"));
        for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get"}) {
            assertFalse(CrossSite.safe(m), m);
        }
    }

    @Test
    void logLinesCannotBeForged() {
        assertEquals("http://evil\\n[engine] ok", CrossSite.printable("http://evil\n[engine] ok"));
        assertEquals(203, CrossSite.printable("x".repeat(5000)).length());
        assertEquals("-", CrossSite.printable(null));
    }
}
