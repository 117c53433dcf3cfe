package org.wfe.webconsole.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.TaskletInfo;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /system/console/wfe-tasklets}: every action with its tasklets in run order; broken bundles first, in red. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=wfe-tasklets", "felix.webconsole.title=Tasklets",
        "felix.webconsole.category=" + ConsolePage.CATEGORY })
public class TaskletsPlugin extends ConsolePage {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile ActionManager actions;

    /** One table row: a tasklet serving one action. */
    record Row(String action, TaskletInfo tasklet) {
    }

    static List<Row> rows(List<TaskletInfo> tasklets) {
        // the engine lists tasklets in run order per action; a stable sort by action keeps that order
        return tasklets.stream().flatMap(t -> (t.actions().isEmpty() ? List.of("?") : t.actions()).stream()
                .map(a -> new Row((t.name() == null || t.name().isEmpty() ? "?" : t.name()) + "." + a, t)))
                .sorted(Comparator.comparing((Row r) -> !r.tasklet().broken()).thenComparing(Row::action)).toList();
    }

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PrintWriter w = resp.getWriter();
        w.print(style());
        ActionManager am = actions;
        if (am == null) {
            w.print("<p class='wfe-error'>The tasklet engine is not running.</p>");
            return;
        }
        List<Row> rows = rows(am.tasklets());
        long broken = rows.stream().filter(r -> r.tasklet().broken()).map(r -> r.tasklet().bundleId()).distinct().count();
        w.print("<p id='wfe-summary'>" + rows.size() + " tasklet entries" + (broken == 0 ? "" : ", <span class='wfe-error'>" + broken
                + " broken bundle(s)</span>") + "</p>");
        w.print("<table class='tablelayout nicetable' id='wfe-tasklets-table'><thead><tr><th>Action</th><th>Kind</th><th>Priority</th>"
                + "<th>Tasklet</th><th>Bundle</th><th>State</th></tr></thead><tbody>");
        for (Row r : rows) {
            TaskletInfo t = r.tasklet();
            w.print("<tr" + (t.broken() ? " class='wfe-broken'" : "") + " data-state='" + a(t.state()) + "'><td>" + h(r.action())
                    + "</td><td>" + h(t.kind()) + "</td><td>" + t.priority() + "</td><td>" + h(t.className()) + "</td><td><a href='"
                    + a(appRoot(req) + "/bundles/" + t.bundleId()) + "'>" + h(t.bundle()) + "</a></td><td>"
                    + (t.broken() ? "<b class='wfe-error'>broken</b>: " + h(t.problem()) : h(t.state())) + "</td></tr>");
        }
        if (rows.isEmpty()) {
            w.print("<tr><td colspan='6'>No tasklets: deploy a tasklet bundle into deploy/.</td></tr>");
        }
        w.print("</tbody></table>");
    }
}
