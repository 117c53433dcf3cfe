package org.wfe.webconsole.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.schedule.Schedules;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /system/console/wfe-schedules}: every schedule with its next fire times and its last fires, each
 * linking to its job; pause, resume and run-now forms for operators (the service audits them).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + SchedulesPlugin.LABEL, "felix.webconsole.title=Schedules",
        "felix.webconsole.category=" + ConsolePage.CATEGORY })
public class SchedulesPlugin extends ConsolePage {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "wfe-schedules";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile Schedules schedules;

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PrintWriter w = resp.getWriter();
        w.print(style());
        if (req.getParameter("error") != null) {
            w.print("<p class='wfe-error' id='wfe-message'>" + h(req.getParameter("error")) + "</p>");
        } else if (req.getParameter("done") != null) {
            w.print("<p id='wfe-message'>" + h(req.getParameter("done")) + "</p>");
        }
        Schedules s = schedules;
        if (s == null) {
            w.print("<p class='wfe-error'>The schedules bundle is not running.</p>");
            return;
        }
        List<Schedule> all = s.list();
        String self = page(req, LABEL);
        String jobs = page(req, JobsPlugin.LABEL);
        w.print("<p id='wfe-summary'>" + all.size() + " schedule(s). Add them with <code>wfe:schedule add</code> or"
                + " <code>POST /wfe/api/v1/schedules</code>.</p>");
        w.print("<table class='tablelayout nicetable' id='wfe-schedules-table'><thead><tr><th>Name</th><th>When</th><th>Action</th>"
                + "<th>Policies</th><th>Next fires</th><th>Last fires</th><th></th></tr></thead><tbody>");
        for (Schedule x : all) {
            StringBuilder next = new StringBuilder();
            for (Instant t : s.nextFires(x.name(), 3)) {
                next.append(h(t)).append("<br>");
            }
            StringBuilder last = new StringBuilder();
            for (Fire f : s.fires(x.name(), 5)) {
                last.append(h(f.fireTime())).append(' ').append(h(f.trigger())).append(' ');
                last.append(f.jobGuid() == null ? h(f.outcome()) : "<a class='wfe-job-link' href='" + a(jobs + "?guid=" + u(f.jobGuid()))
                        + "'>" + h(f.outcome()) + "</a>");
                if (f.detail() != null) {
                    last.append(" <span class='wfe-error'>").append(h(f.detail())).append("</span>");
                }
                last.append("<br>");
            }
            w.print("<tr data-name='" + a(x.name()) + "'" + (x.paused() ? " class='wfe-paused'" : "") + "><td>" + h(x.name())
                    + "</td><td>" + h(x.when()) + "</td><td>" + h(x.kind() + " " + x.target() + "." + x.action()
                    + (x.rootObjectGuid() == null ? "" : " " + x.rootObjectGuid())) + "<br><code>" + h(x.params()) + "</code></td><td>misfire "
                    + h(x.misfire().label()) + ", overlap " + h(x.overlap().label()) + "</td><td class='wfe-next'>"
                    + (x.paused() ? "<b>paused</b>" : next) + "</td><td class='wfe-last'>" + last + "</td><td>"
                    + form(self, x.paused() ? "resume" : "pause", x.name()) + form(self, "run-now", x.name()) + "</td></tr>");
        }
        if (all.isEmpty()) {
            w.print("<tr><td colspan='7'>No schedules.</td></tr>");
        }
        w.print("</tbody></table>");
    }

    private static String form(String self, String verb, String name) {
        return "<form method='post' style='display:inline' class='wfe-" + verb + "' action='" + a(self + "/" + verb) + "'>"
                + tokenField() + "<input type='hidden' name='name' value='" + a(name) + "'><button type='submit'>" + verb
                + "</button></form>";
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!csrfSafe(req, resp)) {
            return;
        }
        // ConsoleSecurity let only operators and admins post to a wfe- page
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String verb = path.substring(path.lastIndexOf('/') + 1);
        Schedules s = schedules;
        if (s == null) {
            resp.sendError(503, "the schedules bundle is not running");
            return;
        }
        String name = req.getParameter("name") == null ? "" : req.getParameter("name").strip();
        String user = ConsoleSecurity.userOf(req);
        String source = req.getRemoteAddr();
        String back = page(req, LABEL);
        try {
            String done = switch (verb) {
                case "pause" -> "schedule " + s.pause(name, user, source).name() + " paused";
                case "resume" -> "schedule " + s.resume(name, user, source).name() + " resumed";
                case "run-now" -> {
                    Fire f = s.runNow(name, user, source);
                    yield "schedule " + name + " fired: " + f.outcome() + (f.jobGuid() == null ? "" : " job " + f.jobGuid());
                }
                default -> null;
            };
            if (done == null) {
                resp.sendError(404, "no such form: " + path);
                return;
            }
            resp.sendRedirect(back + "?done=" + u(done));
        } catch (RuntimeException e) { // unknown schedule, store down: said on the page, nothing changed
            resp.sendRedirect(back + "?error=" + u(e.getMessage()));
        }
    }
}
