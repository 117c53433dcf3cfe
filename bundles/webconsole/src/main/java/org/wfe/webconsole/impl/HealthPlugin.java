package org.wfe.webconsole.impl;

import java.io.IOException;
import java.io.PrintWriter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.health.EngineHealth;
import org.wfe.api.health.HealthReport;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /system/console/wfe-health}: the engine's health, the same verdict as {@code ./wfe status} and
 * {@code GET /wfe/api/v1/health}: the overall status and every check with its message.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + HealthPlugin.LABEL, "felix.webconsole.title=Health",
        "felix.webconsole.category=" + ConsolePage.CATEGORY })
public class HealthPlugin extends ConsolePage {
    static final String LABEL = "wfe-health";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile EngineHealth health;

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PrintWriter w = resp.getWriter();
        w.print(style());
        EngineHealth h = health;
        HealthReport r;
        try {
            r = h == null ? null : h.report();
        } catch (RuntimeException e) {
            r = null;
        }
        if (r == null) {
            w.print("<p class='wfe-error' id='wfe-health-status'>The health checks are not running (bundles org.apache.felix.healthcheck.*).</p>");
            return;
        }
        w.print("<p id='wfe-health-status'>Engine health: " + badge(r.status()) + " <span class='wfe-muted'>(checked "
                + h(r.at().toString()) + ")</span></p>");
        w.print("<table class='tablelayout nicetable' id='wfe-health-table'><thead><tr><th>Check</th><th>Status</th><th>Message</th>"
                + "</tr></thead><tbody>");
        for (HealthReport.Check c : r.checks()) {
            w.print("<tr" + (c.status() == HealthReport.Status.OK ? "" : " class='wfe-broken'") + "><td>" + h(c.name()) + "</td><td>"
                    + badge(c.status()) + (c.pending() ? " <span class='wfe-muted'>pending</span>" : "") + "</td><td>"
                    + h(c.message()) + "</td></tr>");
        }
        w.print("</tbody></table>");
    }

    private static String badge(HealthReport.Status s) {
        String cls = switch (s) {
            case OK -> "wfe-st-done";
            case WARN -> "wfe-st-waiting";
            case CRITICAL -> "wfe-st-error";
        };
        return "<span class='wfe-badge " + cls + "'>" + s + "</span>";
    }
}
