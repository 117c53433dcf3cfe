package org.wfe.webconsole.impl;

import static org.wfe.webconsole.impl.ConsolePage.a;
import static org.wfe.webconsole.impl.ConsolePage.badge;
import static org.wfe.webconsole.impl.ConsolePage.h;
import static org.wfe.webconsole.impl.ConsolePage.human;
import static org.wfe.webconsole.impl.ConsolePage.page;
import static org.wfe.webconsole.impl.ConsolePage.u;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.LogLine;
import org.wfe.api.user.Role;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One job's page: its details, params and result, the tree it belongs to (table and timeline), its log, and
 * a kill button while it runs. The page's script polls {@code poll.json} for new log lines and, when the
 * tree changed, a freshly rendered tree, until the job is final.
 */
final class JobPage {
    static final int LOG_LINES = 1_000;

    private JobPage() {
    }

    static void render(JobController jc, String guid, HttpServletRequest req, PrintWriter w) {
        Optional<Job> found = jc.get(guid);
        if (found.isEmpty()) {
            w.print("<p class='wfe-error' id='wfe-message'>No job with guid " + h(guid) + ".</p>");
            return;
        }
        Job j = found.get();
        String jobs = page(req, JobsPlugin.LABEL);
        Instant now = Instant.now();
        w.print("<p><a href='" + a(jobs) + "'>&laquo; all jobs</a></p>");
        w.print("<h2 class='wfe' id='wfe-job' data-guid='" + a(j.guid()) + "'>" + h(j.actionName()) + " <span id='wfe-status'>" + badge(j.status())
                + "</span></h2>");
        if (!j.status().isFinal() && ConsoleSecurity.may(req, Role.OPERATOR)) { // a viewer gets no button (nor could use it)
            w.print("<form method='post' id='wfe-kill' data-confirm='" + a("Kill job " + j.actionName() + " (" + j.guid()
                    + ") and every unfinished job under it?") + "' action='" + a(jobs + "/kill") + "'>" + ConsolePage.tokenField()
                    + "<input type='hidden' name='guid' value='" + a(j.guid()) + "'><button type='submit' id='wfe-kill-button'>Kill</button></form>");
        }
        w.print("<table class='nicetable' id='wfe-details'>");
        row(w, "Guid", h(j.guid()));
        row(w, "Parent", j.parentGuid() == null ? "(root job)" : link(jobs, j.parentGuid()));
        row(w, "Root", j.isRoot() ? "(this job)" : link(jobs, j.rootGuid()));
        row(w, "Name", h(j.name()));
        row(w, "Description", h(j.description()));
        details(j, now).forEach((id, text) -> row(w, LABELS.get(id), "<span id='" + id + "'>" + h(text) + "</span>"));
        row(w, "Agent", h(j.agentGuid()));
        row(w, "Root object", h(rootObject(j)));
        row(w, "Error", "<span class='wfe-error' id='wfe-d-error'>" + h(j.userErrorMessage()) + "</span>");
        row(w, "Internal error", "<pre class='wfe-json' id='wfe-d-internal'>" + h(j.internalErrorMessage()) + "</pre>");
        w.print("</table>");
        w.print("<h3 class='wfe'>Params</h3><pre class='wfe-json' id='wfe-params'>" + h(ConsolePage.pretty(j.params())) + "</pre>");
        w.print("<h3 class='wfe'>Result</h3><pre class='wfe-json' id='wfe-result'>" + h(ConsolePage.pretty(j.result())) + "</pre>");
        Job root = jc.get(j.rootGuid()).orElse(j);
        JobTree tree = JobTree.of(root, jc::children);
        w.print("<h3 class='wfe'>Tree and timeline</h3><div id='wfe-tree' data-signature='" + a(tree.signature()) + "'>" + treeHtml(tree, j.guid(), jobs, now)
                + "</div>");
        List<LogLine> lines = jc.log(j.guid(), 0, LOG_LINES);
        long next = lines.isEmpty() ? 0 : lines.getLast().seq() + 1;
        w.print("<h3 class='wfe'>Log</h3><pre class='wfe-log' id='wfe-log' data-next='" + next + "' data-final='" + j.status().isFinal()
                + "' data-poll='" + a(jobs + "/poll.json?guid=" + u(j.guid())) + "'>");
        lines.forEach(l -> w.print(h(line(l)) + "\n"));
        w.print("</pre>");
    }

    /** The tree table and the timeline, also sent by {@link #poll} when the tree changed. */
    static String treeHtml(JobTree tree, String asked, String jobs, Instant now) {
        StringBuilder sb = new StringBuilder("<table class='nicetable' id='wfe-tree-table'><thead><tr><th>Job</th><th>Order</th>"
                + "<th>Status</th><th>Duration</th><th>Agent</th></tr></thead><tbody>");
        for (JobTree.Row r : tree.rows()) {
            Job j = r.job();
            sb.append("<tr data-guid='").append(a(j.guid())).append("' data-status='").append(a(j.status().name())).append("'><td style='padding-left:")
                    .append(6 + 16 * r.depth()).append("px'>").append(j.guid().equals(asked) ? "<b>" : "")
                    .append("<a href='").append(a(jobs + "?guid=" + u(j.guid()))).append("'>").append(h(j.actionName())).append("</a>")
                    .append(j.guid().equals(asked) ? "</b>" : "").append("</td><td>").append(j.order()).append("</td><td>").append(badge(j.status()))
                    .append("</td><td>").append(h(human(j.duration(now)))).append("</td><td>").append(h(j.agentGuid())).append("</td></tr>");
        }
        sb.append("</tbody></table>");
        if (tree.truncated()) {
            sb.append("<p class='wfe-muted'>Only the first ").append(JobTree.MAX_ROWS).append(" jobs of this tree are shown.</p>");
        }
        return sb.append("<div class='wfe-section'>").append(Timeline.svg(tree, now)).append("</div>").toString();
    }

    /** {@code poll.json?guid=&from=&signature=}: new log lines, the status, and the tree when it changed. */
    static void poll(JobController jc, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String guid = req.getParameter("guid");
        Optional<Job> found = guid == null ? Optional.empty() : jc.get(guid);
        if (found.isEmpty()) {
            ConsolePage.json(resp, 404, Map.of("error", "no job with guid " + guid));
            return;
        }
        long from;
        try {
            from = Math.max(0, Long.parseLong(req.getParameter("from") == null ? "0" : req.getParameter("from")));
        } catch (NumberFormatException e) {
            ConsolePage.json(resp, 400, Map.of("error", "from must be a number"));
            return;
        }
        Job j = found.get();
        List<LogLine> lines = jc.log(guid, from, LOG_LINES);
        Instant now = Instant.now();
        Job root = jc.get(j.rootGuid()).orElse(j);
        JobTree tree = JobTree.of(root, jc::children);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", j.status().name());
        m.put("final", j.status().isFinal());
        m.put("badge", badge(j.status()));
        m.put("lines", lines.stream().map(JobPage::line).toList());
        m.put("next", lines.isEmpty() ? from : lines.getLast().seq() + 1);
        m.put("signature", tree.signature());
        Map<String, String> text = details(j, now);
        text.put("wfe-d-error", j.userErrorMessage() == null ? "" : j.userErrorMessage());
        text.put("wfe-d-internal", j.internalErrorMessage() == null ? "" : j.internalErrorMessage());
        text.put("wfe-result", ConsolePage.pretty(j.result()));
        m.put("text", text);
        boolean running = tree.rows().stream().anyMatch(r -> !r.job().status().isFinal());
        // the tree is re-sent when it changed, and while anything runs (its bars grow)
        if (running || !tree.signature().equals(req.getParameter("signature"))) {
            m.put("tree", treeHtml(tree, guid, page(req, JobsPlugin.LABEL), now));
        }
        ConsolePage.json(resp, 200, m);
    }

    private static final Map<String, String> LABELS = Map.of("wfe-d-times", "Created / started / ended", "wfe-d-duration",
            "Duration (max)", "wfe-d-started-by", "Started by", "wfe-d-killed-by", "Killed by", "wfe-d-attempt", "Attempt");

    /** "machine m-42"; the type alone when the job was started without a guid (never "machine null"). */
    static String rootObject(Job j) {
        if (j.rootObjectType() == null) {
            return j.rootObjectGuid() == null ? "" : j.rootObjectGuid();
        }
        return j.rootObjectGuid() == null ? j.rootObjectType() + " (no guid given)" : j.rootObjectType() + " " + j.rootObjectGuid();
    }

    /** The details that change while a job runs, by element id; the page's script sets them as text. */
    static Map<String, String> details(Job j, Instant now) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("wfe-d-times", j.createTime() + " / " + (j.startTime() == null ? "-" : j.startTime()) + " / "
                + (j.endTime() == null ? "-" : j.endTime()));
        m.put("wfe-d-duration", human(j.duration(now)) + " (max " + j.maxDuration() + " s)");
        m.put("wfe-d-started-by", j.startedBy() == null ? "" : j.startedBy());
        m.put("wfe-d-killed-by", j.killedBy() == null ? "" : j.killedBy()); // set live when someone else kills it
        m.put("wfe-d-attempt", String.valueOf(j.attempt())); // a retry policy re-runs the action in this job
        return m;
    }

    static String line(LogLine l) {
        return l.time() + " " + l.level() + " " + l.source() + ": " + l.message();
    }

    private static String link(String jobs, String guid) {
        return "<a href='" + a(jobs + "?guid=" + u(guid)) + "'>" + h(guid) + "</a>";
    }

    private static void row(PrintWriter w, String name, String html) {
        w.print("<tr><th style='text-align:left'>" + h(name) + "</th><td>" + html + "</td></tr>");
    }
}
