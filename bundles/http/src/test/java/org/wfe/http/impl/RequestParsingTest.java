package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.user.Credentials;

/** Query strings, bodies, credentials and settings: every bad input gets a 400 (or a refusal) naming what is wrong. */
class RequestParsingTest {

    static ApiException refused(Runnable r) {
        return assertThrows(ApiException.class, r::run);
    }

    @Test
    void jobFiltersAreReadAndCheckedAgainstTheLimit() {
        JobQuery q = ApiServlet.query("status=running&action=machine.*&since=2026-01-02T03:04:05Z&roots=true&offset=5&limit=7").jobQuery(10);
        assertEquals(JobStatus.RUNNING, q.status());
        assertEquals("machine.*", q.actionName());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), q.since());
        assertTrue(q.rootsOnly());
        assertEquals(5, q.offset());
        assertEquals(7, q.limit());
        assertEquals(Instant.ofEpochMilli(1000), ApiServlet.query("until=1000").jobQuery(10).until());
        assertEquals(10, ApiServlet.query("").jobQuery(10).limit(), "default page capped by maxLimit");
        for (String bad : new String[] {"limit=11", "limit=0", "limit=x", "offset=-1", "status=FINISHED", "since=tomorrow", "roots=maybe", "colour=blue"}) {
            ApiException e = refused(() -> ApiServlet.query(bad).jobQuery(10));
            assertEquals(400, e.status(), bad);
            assertTrue(e.getMessage().contains(bad.substring(0, bad.indexOf('='))), e.getMessage());
        }
        assertEquals("bad_parameter", refused(() -> ApiServlet.query("a=1&a=2")).code());
        assertEquals("a b", ApiServlet.query("action=a%20b").string("action"));
    }

    @Test
    void aBodyIsOneJsonObjectOrNothing() {
        assertEquals(Map.of(), ApiServlet.parse(" \n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of("params", Map.of("a", 1)), ApiServlet.parse("{\"params\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8)));
        for (String bad : new String[] {"{", "[1]", "\"x\"", "{} {}", "{\"a\":1,\"a\":2}", "nul"}) {
            ApiException e = refused(() -> ApiServlet.parse(bad.getBytes(StandardCharsets.UTF_8)));
            assertEquals(400, e.status(), bad);
            assertEquals("malformed_json", e.code(), bad);
        }
    }

    @Test
    void basicCredentialsAreParsedOrRefused() {
        String good = "Basic " + Base64.getEncoder().encodeToString("alice:s3:cret".getBytes(StandardCharsets.UTF_8));
        assertEquals(new Credentials("alice", "s3:cret"), Credentials.fromBasicHeader(good));
        assertNull(Credentials.fromBasicHeader("Basic !!!"));
        assertNull(Credentials.fromBasicHeader("Bearer x"));
        assertNull(Credentials.fromBasicHeader(null));
        assertNull(Credentials.fromBasicHeader("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void settingsRefuseOutOfRangeValues() {
        assertEquals(Settings.DEFAULTS, new Settings(300, 1000, 1_048_576));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Settings(0, 10, 2048)).getMessage().contains("waitTimeout"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Settings(1, 0, 2048)).getMessage().contains("maxLimit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Settings(1, 10, 10)).getMessage().contains("maxBodyBytes"));
        assertNull(ApiServlet.query("x=").string("x"), "blank is absent");
    }
}
