package org.wfe.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;

/** The timeline, the tree, the start form's params and the list filters, without a browser. */
class RenderingTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Job job(String guid, String parent, String action, JobStatus s, long startMs, Long endMs) {
        return new Job(guid, parent, parent == null ? guid : "root", action, null, null, s, T0.plusMillis(startMs),
                T0.plusMillis(startMs), endMs == null ? null : T0.plusMillis(endMs), 60, 0, null, null, null, Map.of(), null,
                s == JobStatus.ERROR ? "<b>boom</b>" : null, null);
    }

    @Test
    void theTimelineHasOneBarPerJobColouredByStatusAndEscapesEverything() {
        Job root = job("root", null, "machine.<start>", JobStatus.RUNNING, 0, null);
        Job a = job("a", "root", "hypervisor.ok", JobStatus.DONE, 0, 1000L);
        Job b = job("b", "root", "hypervisor.fails", JobStatus.ERROR, 1000, 4000L);
        JobTree tree = JobTree.of(root, g -> g.equals("root") ? List.of(a, b) : List.of());
        assertEquals(List.of(0, 1, 1), tree.rows().stream().map(JobTree.Row::depth).toList());
        String svg = Timeline.svg(tree, T0.plusMillis(8000));
        assertEquals(3, svg.split("class='wfe-bar'", -1).length - 1);
        assertTrue(svg.contains(ConsolePage.colour(JobStatus.ERROR)) && svg.contains(ConsolePage.colour(JobStatus.DONE)));
        assertFalse(svg.contains("<start>") || svg.contains("<b>"), "no markup from job data");
        assertTrue(svg.contains("machine.&lt;start&gt;"));
        // the failed step spans 1 s..4 s of 8 s: its bar starts at 1/8 of the chart and is 3/8 wide
        assertTrue(svg.contains("x='" + String.format(java.util.Locale.ROOT, "%.1f", Timeline.LABEL + Timeline.CHART / 8.0) + "'"), svg);
        assertTrue(svg.contains("width='" + String.format(java.util.Locale.ROOT, "%.1f", Timeline.CHART * 3 / 8.0) + "'"), svg);
    }

    @Test
    void theTreeSignatureChangesWhenAJobChangesState() {
        Job root = job("root", null, "x.y", JobStatus.RUNNING, 0, null);
        String before = JobTree.of(root, g -> List.of()).signature();
        String after = JobTree.of(root.withStatus(JobStatus.DONE, root.startTime(), T0.plusMillis(5), null, null, null), g -> List.of()).signature();
        assertFalse(before.equals(after));
    }

    @Test
    void aRootObjectShowsWithItsGuid_neverAsNull() {
        Job j = job("g", null, "machine.start", JobStatus.DONE, 0, 1L);
        Job typed = new Job("g", null, "g", "machine.start", null, null, JobStatus.DONE, T0, T0, T0, 60, 0, null, "machine", null,
                Map.of(), null, null, null);
        Job both = new Job("g", null, "g", "machine.start", null, null, JobStatus.DONE, T0, T0, T0, 60, 0, null, "machine", "m-42",
                Map.of(), null, null, null);
        assertEquals("", JobPage.rootObject(j));
        assertEquals("machine (no guid given)", JobPage.rootObject(typed)); // was "machine null"
        assertEquals("machine m-42", JobPage.rootObject(both));
    }

    @Test
    void startFormParamsAreKeyValueLines() {
        assertEquals(Map.of("name", "operator", "x", "a=b"), JobsPlugin.params("name=operator\r\n\n x = a=b \n"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobsPlugin.params("novalue")).getMessage().contains("key=value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobsPlugin.params("a=1\na=2")).getMessage().contains("twice"));
    }

    @Test
    void listFiltersIgnoreBadValuesWithAMessageAndKeepTheRest() {
        Filters f = Filters.of(Map.of("status", "done", "action", "m.*", "since", "1h", "offset", "25", "roots", "true")::get);
        assertEquals(JobStatus.DONE, f.status());
        assertNull(f.problem());
        assertTrue(f.query().since().isAfter(Instant.now().minusSeconds(3700)));
        assertEquals("offset=50&status=DONE&action=m.%2A&since=1h&roots=true", f.link(50));
        Filters bad = Filters.of(Map.of("status", "SLEEPING", "action", "a b")::get);
        assertNull(bad.status());
        assertTrue(bad.problem().contains("SLEEPING"));
        assertEquals("offset=0&action=a%20b", bad.link(0), "link values are URL-encoded");
    }

    @Test
    void listFiltersSearchByRootObjectAndStarter() {
        Filters f = Filters.of(Map.of("rootobject", "machine:42", "startedby", "alice", "since", "7d")::get);
        assertNull(f.problem());
        assertEquals("machine", f.query().rootObjectType());
        assertEquals("42", f.query().rootObjectGuid());
        assertEquals("alice", f.query().startedBy());
        assertEquals("offset=25&since=7d&rootobject=machine%3A42&startedby=alice", f.link(25));
        assertNull(Filters.of(Map.of("rootobject", "machine")::get).query().rootObjectGuid(), "a type alone");
        Filters bad = Filters.of(Map.of("rootobject", ":42", "status", "DONE")::get);
        assertTrue(bad.problem().contains("root object ':42' ignored"), bad.problem());
        assertNull(bad.query().rootObjectType());
        assertEquals(JobStatus.DONE, bad.query().status(), "the rest still applies");
    }
}
