package org.wfe.webconsole.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.DrpStatus;
import org.wfe.api.drp.RootObject;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /system/console/wfe-repository}: the store's status, the root-object types with their counts, the
 * objects of one type (paged), and one object's body.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + RepositoryPlugin.LABEL, "felix.webconsole.title=Repository",
        "felix.webconsole.category=" + ConsolePage.CATEGORY })
public class RepositoryPlugin extends ConsolePage {
    static final String LABEL = "wfe-repository";
    private static final long serialVersionUID = 1L;
    private static final int PAGE = 50;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile Drp drp;

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PrintWriter w = resp.getWriter();
        w.print(style());
        Drp d = drp;
        if (d == null) {
            w.print("<p class='wfe-error'>The repository is not open (see the log; configuration org.wfe.drp).</p>");
            return;
        }
        DrpStatus s = d.status();
        w.print("<p id='wfe-drp-status'>Store <b>" + h(s.store()) + "</b> at " + h(s.location()) + ": "
                + (s.up() ? "<span class='wfe-badge wfe-st-done'>up</span>" : "<span class='wfe-badge wfe-st-error'>down</span>")
                + ", queue " + s.queueDepth() + ", " + h(String.format(java.util.Locale.ROOT, "%.1f", s.writesPerSecond()))
                + " writes/s, schema " + s.schemaVersion() + (s.lastError() == null ? "" : ", last error: <span class='wfe-error'>"
                        + h(s.lastError()) + "</span>") + "</p>");
        String type = req.getParameter("type");
        String guid = req.getParameter("guid");
        String root = page(req, LABEL);
        if (type == null || type.isBlank()) {
            w.print("<table class='tablelayout nicetable' id='wfe-types-table'><thead><tr><th>Type</th><th>Objects</th></tr></thead><tbody>");
            List<String> types = d.types();
            for (String t : types) {
                w.print("<tr><td><a href='" + a(root + "?type=" + u(t)) + "'>" + h(t) + "</a></td><td>" + d.count(t, Map.of()) + "</td></tr>");
            }
            if (types.isEmpty()) {
                w.print("<tr><td colspan='2'>No root-object types: bundles declare them in Wfe-RootObjectTypes.</td></tr>");
            }
            w.print("</tbody></table>");
            return;
        }
        if (!d.types().contains(type)) {
            w.print("<p class='wfe-error' id='wfe-message'>Unknown type " + h(type) + ".</p>");
            return;
        }
        w.print("<p><a href='" + a(root) + "'>&laquo; all types</a></p>");
        if (guid != null && !guid.isBlank()) {
            var o = d.get(type, guid);
            w.print(o.isEmpty() ? "<p class='wfe-error' id='wfe-message'>No " + h(type) + " " + h(guid) + ".</p>"
                    : "<h3 class='wfe'>" + h(type) + " " + h(guid) + " (version " + o.get().version() + ", modified " + h(o.get().modified())
                            + ")</h3><pre class='wfe-json' id='wfe-object'>" + h(pretty(o.get().body())) + "</pre>");
            return;
        }
        int offset = 0;
        try {
            offset = Math.max(0, Integer.parseInt(req.getParameter("offset") == null ? "0" : req.getParameter("offset")));
        } catch (NumberFormatException e) {
            w.print("<p class='wfe-error'>offset is not a number: showing the first page</p>");
        }
        long count = d.count(type, Map.of());
        List<RootObject> objects = d.find(type, Map.of(), offset, PAGE);
        w.print("<h3 class='wfe'>" + h(type) + ": " + count + " object(s)</h3><table class='tablelayout nicetable' id='wfe-objects-table'><thead><tr>"
                + "<th>Guid</th><th>Version</th><th>Modified</th><th>Body</th></tr></thead><tbody>");
        for (RootObject o : objects) {
            String body = pretty(o.body()).replaceAll("\\s+", " ");
            w.print("<tr><td><a href='" + a(root + "?type=" + u(type) + "&guid=" + u(o.guid())) + "'>" + h(o.guid()) + "</a></td><td>"
                    + o.version() + "</td><td>" + h(o.modified()) + "</td><td>" + h(body.length() > 120 ? body.substring(0, 119) + "…" : body)
                    + "</td></tr>");
        }
        w.print("</tbody></table><p>");
        if (offset > 0) {
            w.print("<a href='" + a(root + "?type=" + u(type) + "&offset=" + Math.max(0, offset - PAGE)) + "'>&laquo; previous</a> ");
        }
        if (offset + PAGE < count) {
            w.print("<a href='" + a(root + "?type=" + u(type) + "&offset=" + (offset + PAGE)) + "'>next &raquo;</a>");
        }
        w.print("</p>");
    }
}
