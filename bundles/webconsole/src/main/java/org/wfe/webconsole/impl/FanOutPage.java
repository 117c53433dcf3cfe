package org.wfe.webconsole.impl;

import static org.wfe.webconsole.impl.ConsolePage.a;
import static org.wfe.webconsole.impl.ConsolePage.h;
import static org.wfe.webconsole.impl.ConsolePage.page;
import static org.wfe.webconsole.impl.ConsolePage.u;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.FanOutResult;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One fan-out ({@code wfe-jobs?fanout=PARENT}): a grid of its agents coloured by state and the counts by
 * state; each cell opens that agent's script job (its output). While the parent runs, the page's script
 * polls {@code fanout.json} every second for a freshly rendered grid and counts (the agent controller's
 * {@link AgentController#fanOut}, read from the jobs).
 */
final class FanOutPage {

    /** By state: background, text. States a fan-out has besides a job's (queued, offline, ...) get their own. */
    private static final Map<String, String> COLOURS = new LinkedHashMap<>();
    static {
        COLOURS.put(FanOutResult.QUEUED, "#9e9e9e;color:#fff");
        COLOURS.put(FanOutResult.RUNNING, "#1e88e5;color:#fff");
        COLOURS.put("DONE", "#43a047;color:#fff");
        COLOURS.put("ERROR", "#e53935;color:#fff");
        COLOURS.put("TIMED_OUT", "#8e24aa;color:#fff");
        COLOURS.put("KILLED", "#fb8c00;color:#fff");
        COLOURS.put(FanOutResult.OFFLINE, "#546e7a;color:#fff");
        COLOURS.put("pending", "#fdd835;color:#000");
        COLOURS.put("rejected", "#6d4c41;color:#fff");
        COLOURS.put(FanOutResult.SKIPPED, "#e0e0e0;color:#000");
    }

    private FanOutPage() {
    }

    static String style() {
        StringBuilder sb = new StringBuilder("<style>.wfe-fo-grid{display:flex;flex-wrap:wrap;gap:3px;}"
                + ".wfe-fo-cell{display:inline-block;padding:3px 6px;border-radius:3px;font-size:11px;text-decoration:none !important;}");
        COLOURS.forEach((s, c) -> sb.append(".wfe-fo-").append(s.toLowerCase(java.util.Locale.ROOT)).append("{background:").append(c).append(";}"));
        return sb.append("</style>").toString();
    }

    static void render(AgentController ac, JobController jc, String guid, HttpServletRequest req, PrintWriter w) {
        Optional<FanOutResult> found = ac.fanOut(guid);
        if (found.isEmpty()) {
            w.print("<p class='wfe-error' id='wfe-message'>No fan-out with parent job " + h(guid) + ".</p>");
            return;
        }
        String jobs = page(req, JobsPlugin.LABEL);
        Job parent = jc.get(guid).orElseThrow();
        w.print(style());
        w.print("<p><a href='" + a(jobs + "?guid=" + u(guid)) + "'>&laquo; the parent job</a></p>");
        w.print("<h2 class='wfe'>Fan-out " + h(parent.actionName()) + " to " + h(String.valueOf(parent.params().get("target")))
                + " <span id='wfe-status'>" + ConsolePage.badge(parent.status()) + "</span></h2>");
        w.print("<div id='wfe-fanout' data-final='" + parent.status().isFinal() + "' data-poll='" + a(jobs + "/fanout.json?guid=" + u(guid)) + "'>"
                + body(found.get(), jobs) + "</div>");
    }

    /** The counts and the grid, also sent by {@link #poll}. */
    static String body(FanOutResult r, String jobs) {
        StringBuilder sb = new StringBuilder("<p id='wfe-fanout-summary'>").append(h(r.summary())).append("</p><p id='wfe-fanout-counts'>");
        r.counts().forEach((s, n) -> sb.append("<span class='wfe-fo-cell ").append(cls(s)).append("' data-state='").append(a(s)).append("' data-count='")
                .append(n).append("'>").append(h(s)).append(": ").append(n).append("</span> "));
        sb.append("</p><div class='wfe-fo-grid' id='wfe-fanout-grid'>");
        for (FanOutResult.Outcome o : r.agents()) {
            String title = o.agent() + ": " + o.state();
            if (o.jobGuid() == null) {
                sb.append("<span");
            } else {
                sb.append("<a href='").append(a(jobs + "?guid=" + u(o.jobGuid()))).append("'");
            }
            sb.append(" class='wfe-fo-cell ").append(cls(o.state())).append("' data-agent='").append(a(o.agent())).append("' data-state='")
                    .append(a(o.state())).append("' title='").append(a(title)).append("'>").append(h(o.agent())).append(o.jobGuid() == null ? "</span>" : "</a>");
        }
        return sb.append("</div>").toString();
    }

    private static String cls(String state) {
        return "wfe-fo-" + state.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code fanout.json?guid=}: the grid and counts as HTML (rendered and escaped here), the parent's badge, and whether it ended. */
    static void poll(AgentController ac, JobController jc, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String guid = req.getParameter("guid");
        Optional<FanOutResult> found = guid == null ? Optional.empty() : ac.fanOut(guid);
        Optional<Job> parent = guid == null ? Optional.empty() : jc.get(guid);
        if (found.isEmpty() || parent.isEmpty()) {
            ConsolePage.json(resp, 404, Map.of("error", "no fan-out with parent job " + guid));
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("final", parent.get().status().isFinal());
        m.put("badge", ConsolePage.badge(parent.get().status()));
        m.put("counts", found.get().counts());
        m.put("html", body(found.get(), page(req, JobsPlugin.LABEL)));
        ConsolePage.json(resp, 200, m);
    }
}
