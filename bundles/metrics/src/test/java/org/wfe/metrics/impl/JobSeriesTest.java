package org.wfe.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;

/** The job series as Prometheus reads them: the exposition text of a registry fed with job transitions. */
class JobSeriesTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final JobSeries jobs = new JobSeries(registry, Labels.of("node", "n1"), nanos::get);

    @Test
    void countsStartsAndFinishesByActionAndStatus() throws IOException {
        jobs.created("g1", "machine.start");
        jobs.started("g1", "machine.start");
        jobs.created("g2", "machine.start");
        jobs.started("g2", "machine.start");
        jobs.finished("g1", "machine.start", "DONE");
        jobs.finished("g2", "machine.start", "ERROR");

        String text = scrape();
        assertEquals(2, value(text, "wfe_jobs_started_total{action=\"machine.start\",node=\"n1\"}"));
        assertEquals(1, value(text, "wfe_jobs_finished_total{action=\"machine.start\",node=\"n1\",status=\"DONE\"}"));
        assertEquals(1, value(text, "wfe_jobs_finished_total{action=\"machine.start\",node=\"n1\",status=\"ERROR\"}"));
        assertEquals(0, value(text, "wfe_jobs_running{node=\"n1\"}"));
    }

    @Test
    void runningAndQueuedFollowTheLiveJobs() throws IOException {
        jobs.created("w", "a");
        jobs.created("r", "a");
        jobs.started("r", "a");
        String text = scrape();
        assertEquals(1, value(text, "wfe_jobs_queued{node=\"n1\"}"));
        assertEquals(1, value(text, "wfe_jobs_running{node=\"n1\"}"));

        jobs.finished("w", "a", "KILLED"); // killed while waiting: finished, never started, no duration
        jobs.finished("r", "a", "DONE");
        text = scrape();
        assertEquals(0, value(text, "wfe_jobs_queued{node=\"n1\"}"));
        assertEquals(0, value(text, "wfe_jobs_running{node=\"n1\"}"));
        assertEquals(1, value(text, "wfe_job_duration_seconds_count{action=\"a\",node=\"n1\"}"));
    }

    @Test
    void durationIsFromStartToFinal() throws IOException {
        jobs.started("g", "hypervisor.startVMachine");
        nanos.addAndGet(3_000_000_000L);
        jobs.finished("g", "hypervisor.startVMachine", "DONE");
        String text = scrape();
        assertEquals(3.0, value(text, "wfe_job_duration_seconds_sum{action=\"hypervisor.startVMachine\",node=\"n1\"}"));
        assertEquals(0, value(text, "wfe_job_duration_seconds_bucket{action=\"hypervisor.startVMachine\",node=\"n1\",le=\"2.5\"}"));
        assertEquals(1, value(text, "wfe_job_duration_seconds_bucket{action=\"hypervisor.startVMachine\",node=\"n1\",le=\"5.0\"}"));
    }

    @Test
    void lateOrRepeatedEventsOfAFinishedJobChangeNothing() throws IOException {
        jobs.finished("g", "a", "DONE"); // its final event overtook STARTED (another posting thread)
        jobs.started("g", "a");
        jobs.created("g", "a");
        jobs.finished("g", "a", "DONE");
        String text = scrape();
        assertEquals(0, value(text, "wfe_jobs_running{node=\"n1\"}"));
        assertEquals(0, value(text, "wfe_jobs_queued{node=\"n1\"}"));
        assertEquals(1, value(text, "wfe_jobs_finished_total{action=\"a\",node=\"n1\",status=\"DONE\"}"));
    }

    @Test
    void actionNamesBeyondTheCapCountAsOther() throws IOException {
        for (int i = 0; i < JobSeries.MAX_ACTIONS + 50; i++) {
            jobs.started("g" + i, "action" + i);
        }
        jobs.started("x", null);
        String text = scrape();
        assertEquals(51, value(text, "wfe_jobs_started_total{action=\"other\",node=\"n1\"}"));
        assertEquals(JobSeries.MAX_ACTIONS + 1, text.lines().filter(l -> l.startsWith("wfe_jobs_started_total{")).count());
        assertTrue(text.contains("action=\"action0\""));
    }

    @Test
    void commitLatencyIsAHistogramInSeconds() throws IOException {
        StoreCommits commits = new StoreCommits(registry, Labels.of("node", "n1"));
        commits.committed(10, 2_000_000); // 2 ms
        commits.committed(1, 300_000_000); // 0.3 s
        String text = scrape();
        assertEquals(2, value(text, "wfe_store_commit_seconds_count{node=\"n1\"}"));
        assertEquals(1, value(text, "wfe_store_commit_seconds_bucket{node=\"n1\",le=\"0.0025\"}"));
        assertEquals(0.302, value(text, "wfe_store_commit_seconds_sum{node=\"n1\"}"), 1e-9);
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of one sample line, 0 when the series is absent. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
