package org.wfe.metrics.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.agent.AgentController;
import org.wfe.api.drp.CommitListener;
import org.wfe.api.drp.Drp;
import org.wfe.api.job.JobEvents;
import org.wfe.api.user.Users;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * GET {@value #PATH}: the engine's series in the Prometheus text format (served through the HTTP whiteboard, so
 * the HTTP guard and the Host allow-list apply). Job series come from the job controller's events
 * ({@value JobEvents#ALL}), commit latency from the store's writer ({@link CommitListener}); gauges are read at
 * scrape time. The other services are optional and dynamic: the
 * endpoint stays up while one restarts and then omits its series.
 */
@Component(service = { Servlet.class, EventHandler.class, CommitListener.class }, configurationPid = MetricsConfig.PID, property = {
        "osgi.http.whiteboard.servlet.pattern=" + MetricsComponent.PATH,
        "osgi.http.whiteboard.servlet.name=wfe-metrics",
        EventConstants.EVENT_TOPIC + "=" + JobEvents.ALL })
@Designate(ocd = MetricsConfig.class)
@RequireHttpWhiteboard
public class MetricsComponent extends HttpServlet implements EventHandler, CommitListener {
    static final String PATH = "/wfe/api/v1/metrics";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile transient Users users;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile transient Drp drp;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile transient AgentController agents;

    private transient PrometheusRegistry registry;
    private transient JobSeries jobs;
    private transient StoreCommits commits;
    private transient PrometheusTextFormatWriter writer;
    private transient Path home;
    private volatile transient Path tokenFile;

    @Activate
    void activate(BundleContext ctx, MetricsConfig config) {
        String h = ctx.getProperty("wfe.home");
        home = Path.of(h == null || h.isBlank() ? "." : h);
        String node = NodeName.of(config.node(), home);
        registry = new PrometheusRegistry();
        Labels nodeLabel = Labels.of("node", node);
        jobs = new JobSeries(registry, nodeLabel, System::nanoTime);
        commits = new StoreCommits(registry, nodeLabel);
        EngineGauges.register(registry, nodeLabel, () -> drp, () -> agents);
        writer = PrometheusTextFormatWriter.create();
        modified(config);
        LOG.info("metrics at {} for node {}", PATH, node);
    }

    @Modified
    void modified(MetricsConfig config) {
        String f = config.tokenFile();
        tokenFile = f == null || f.isBlank() ? null : home.resolve(f);
    }

    @Override
    public void handleEvent(Event event) {
        String guid = (String) event.getProperty(JobEvents.PROP_GUID);
        String action = (String) event.getProperty(JobEvents.PROP_ACTION);
        switch (event.getTopic()) {
            case JobEvents.CREATED -> jobs.created(guid, action);
            case JobEvents.STARTED -> jobs.started(guid, action);
            default -> jobs.finished(guid, action, (String) event.getProperty(JobEvents.PROP_STATUS));
        }
    }

    @Override
    public void committed(int writes, long nanos) {
        commits.committed(writes, nanos);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        ScrapeAuth.Decision who = ScrapeAuth.decide(users, tokenFile, req.getHeader("Authorization"), req.getRemoteAddr());
        if (!who.allowed()) {
            if (who.status() == 401) {
                resp.setHeader("WWW-Authenticate", ScrapeAuth.CHALLENGE);
            }
            if (who.retryAfterSeconds() > 0) {
                resp.setHeader("Retry-After", Long.toString(who.retryAfterSeconds()));
            }
            resp.setStatus(who.status());
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().println(who.message());
            return;
        }
        resp.setStatus(200);
        resp.setContentType(writer.getContentType());
        try (OutputStream out = resp.getOutputStream()) {
            writer.write(out, registry.scrape());
        }
    }

    /** For the unit tests: the text a scrape returns. */
    String scrapeText() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
