package org.wfe.webconsole.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.text.Durations;
import org.wfe.api.text.KeyValues;
import org.wfe.api.text.Names;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.user.Audit;
import org.wfe.api.user.Role;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /system/console/wfe-jobs}: recent jobs with filters and paging, the form that starts an action, and
 * (with {@code ?guid=}) one job's page ({@link JobPage}); {@code poll.json} feeds that page's live log and
 * timeline; {@code kill} and {@code start} are POST-only forms with the page token.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + JobsPlugin.LABEL, "felix.webconsole.title=Jobs",
        "felix.webconsole.category=" + ConsolePage.CATEGORY })
public class JobsPlugin extends ConsolePage {
    static final String LABEL = "wfe-jobs";
    private static final long serialVersionUID = 1L;
    private static final int PAGE = 25;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile JobController jobs;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile ActionManager actions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile org.wfe.api.agent.AgentController agents;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.endsWith("/poll.json")) {
            JobController jc = jobs;
            if (jc == null) {
                json(resp, 503, Map.of("error", "the job controller is not running"));
                return;
            }
            JobPage.poll(jc, req, resp);
            return;
        }
        if (path.endsWith("/fanout.json")) {
            JobController jc = jobs;
            org.wfe.api.agent.AgentController ac = agents;
            if (jc == null || ac == null) {
                json(resp, 503, Map.of("error", "the job or the agent controller is not running"));
                return;
            }
            FanOutPage.poll(ac, jc, req, resp);
            return;
        }
        super.doGet(req, resp); // res/ files
    }

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PrintWriter w = resp.getWriter();
        w.print(style());
        w.print("<script src='" + a(page(req, LABEL) + "/res/wfe.js") + "'></script>");
        JobController jc = jobs;
        if (jc == null) {
            w.print("<p class='wfe-error'>The job controller is not running.</p>");
            return;
        }
        String error = req.getParameter("error");
        if (error != null) {
            w.print("<p class='wfe-error' id='wfe-message'>" + h(error) + "</p>");
        }
        String fanout = req.getParameter("fanout");
        org.wfe.api.agent.AgentController ac = agents;
        if (fanout != null && !fanout.isBlank()) {
            if (ac == null) {
                w.print("<p class='wfe-error'>The agent controller is not running.</p>");
            } else {
                FanOutPage.render(ac, jc, fanout.strip(), req, w);
            }
            return;
        }
        String guid = req.getParameter("guid");
        if (guid != null && !guid.isBlank()) {
            // a fan-out's parent links to its grid of agents
            if (ac != null && ac.fanOut(guid.strip()).isPresent()) {
                w.print("<p><a id='wfe-fanout-link' href='" + a(page(req, LABEL) + "?fanout=" + u(guid.strip())) + "'>Fan-out: every agent's state &raquo;</a></p>");
            }
            JobPage.render(jc, guid.strip(), req, w);
            return;
        }
        list(jc, req, w);
    }

    private void list(JobController jc, HttpServletRequest req, PrintWriter w) {
        load(req, w);
        Filters f = Filters.of(req);
        w.print("<div class='wfe-section'><form method='get' class='wfe-form' id='wfe-filter'>"
                + "<label>Status<select name='status'><option value=''>any</option>");
        for (JobStatus s : JobStatus.values()) {
            w.print("<option" + (s == f.status() ? " selected" : "") + ">" + h(s.name()) + "</option>");
        }
        w.print("</select></label><label>Action<input name='action' size='24' placeholder='machine.* or hello.greet' value='"
                + a(f.action()) + "'></label><label>Root object<input name='rootobject' size='20' placeholder='machine:42'"
                + " value='" + a(f.rootObject()) + "'></label><label>Agent<input name='agent' size='12' value='" + a(f.agent())
                + "'></label><label>Started by<input name='startedby' size='10' value='" + a(f.startedBy())
                + "'></label><label>Since<select name='since'>");
        for (String s : List.of("", "15m", "1h", "24h", "7d")) {
            w.print("<option value='" + a(s) + "'" + (s.equals(f.since()) ? " selected" : "") + ">" + (s.isEmpty() ? "any time" : "last " + h(s)) + "</option>");
        }
        w.print("</select></label><label><input type='checkbox' name='roots' value='true'" + (f.roots() ? " checked" : "")
                + ">roots only</label><button type='submit'>Filter</button></form></div>");
        if (f.problem() != null) {
            w.print("<p class='wfe-error'>" + h(f.problem()) + "</p>");
        }
        List<Job> found = jc.find(f.query().page(f.offset(), PAGE + 1));
        Instant now = Instant.now();
        w.print("<table class='tablelayout nicetable' id='wfe-jobs-table'><thead><tr><th>Created</th><th>Action</th><th>Status</th>"
                + "<th>Duration</th><th>Root object</th><th>Agent</th><th>Job</th><th>Error</th></tr></thead><tbody>");
        for (Job j : found.subList(0, Math.min(PAGE, found.size()))) {
            w.print("<tr data-guid='" + a(j.guid()) + "' data-status='" + a(j.status().name()) + "'><td>" + h(j.createTime())
                    + "</td><td><a class='wfe-job-link' href='" + a(page(req, LABEL) + "?guid=" + u(j.guid())) + "'>" + h(j.actionName())
                    + "</a>" + (j.isRoot() ? "" : " <span class='wfe-muted'>(child)</span>") + "</td><td>" + badge(j.status())
                    + "</td><td>" + h(human(j.duration(now))) + "</td><td>" + h(rootObject(j)) + "</td><td>" + h(j.agentGuid())
                    + "</td><td class='wfe-muted'>"
                    + h(j.guid()) + "</td><td class='wfe-error'>" + h(j.userErrorMessage()) + "</td></tr>");
        }
        if (found.isEmpty()) {
            w.print("<tr><td colspan='8'>No jobs match.</td></tr>");
        }
        w.print("</tbody></table><p>");
        if (f.offset() > 0) {
            w.print("<a id='wfe-newer' href='" + a(page(req, LABEL) + "?" + f.link(Math.max(0, f.offset() - PAGE))) + "'>&laquo; newer</a> ");
        }
        w.print("<span class='wfe-muted'>jobs " + (found.isEmpty() ? 0 : f.offset() + 1) + "–" + (f.offset() + Math.min(PAGE, found.size())) + "</span>");
        if (found.size() > PAGE) {
            w.print(" <a id='wfe-older' href='" + a(page(req, LABEL) + "?" + f.link(f.offset() + PAGE)) + "'>older &raquo;</a>");
        }
        w.print("</p>");
        if (ConsoleSecurity.may(req, Role.OPERATOR)) {
            startForm(req, w);
        }
    }

    /** Running actions against the cap, and the runaway threads (jobs ended whose tasklet still runs). */
    private void load(HttpServletRequest req, PrintWriter w) {
        ActionManager am = actions;
        if (am == null) {
            return;
        }
        org.wfe.api.action.ActionLoad l = am.load();
        w.print("<p id='wfe-load'>Actions running: " + l.running() + " (at most " + l.capacity() + "). Runaway threads: "
                + "<span id='wfe-runaways' data-count='" + l.runawayJobGuids().size() + "'" + (l.runawayJobGuids().isEmpty()
                        ? "" : " class='wfe-error'") + ">" + l.runawayJobGuids().size() + "</span>");
        for (String g : l.runawayJobGuids()) {
            w.print(" <a class='wfe-runaway' href='" + a(page(req, LABEL) + "?guid=" + u(g)) + "'>" + h(g) + "</a>");
        }
        w.print("</p>");
    }

    private static String rootObject(Job j) {
        return j.rootObjectType() == null ? "" : j.rootObjectType() + (j.rootObjectGuid() == null ? "" : ":" + j.rootObjectGuid());
    }

    private static void startForm(HttpServletRequest req, PrintWriter w) {
        w.print("<h3 class='wfe'>Start an action</h3><form method='post' class='wfe-form' id='wfe-start' action='" + a(page(req, LABEL) + "/start")
                + "'>" + tokenField() + "<label>Kind<select name='kind'><option value='actor'>actor</option>"
                + "<option value='rootobject'>root object</option></select></label>"
                + "<label>Name<input name='name' size='14' placeholder='hello' required></label>"
                + "<label>Action<input name='action' size='14' placeholder='greet' required></label>"
                + "<label><input type='checkbox' name='wait' value='true'>wait for it (up to 30 s)</label><br>"
                + "<label>Job name<input name='jobname' size='14'></label>"
                + "<label>Description<input name='description' size='24'></label>"
                + "<label>Max duration<input name='maxduration' size='6' placeholder='10m'></label>"
                + "<label>Root-object guid<input name='rootobjectguid' size='14' placeholder='m-42'></label>"
                + "<label>Parent job<input name='parent' size='14' placeholder='guid'></label><br>"
                + "<label style='display:block;margin-top:6px'>Params, one key=value per line<br><textarea name='params' rows='3' cols='60'"
                + " placeholder='name=operator'></textarea></label><button type='submit' id='wfe-start-button'>Start</button></form>");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!csrfSafe(req, resp)) {
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        JobController jc = jobs;
        if (jc == null) {
            resp.sendError(503, "the job controller is not running");
        } else if (path.endsWith("/kill")) {
            kill(jc, req, resp);
        } else if (path.endsWith("/start")) {
            start(jc, req, resp);
        } else {
            resp.sendError(404, "no such form: " + path);
        }
    }

    private void audit(String user, HttpServletRequest req, String what) {
        Audit a = audit;
        if (a != null) {
            a.record(user, req.getRemoteAddr(), what);
        }
    }

    private void kill(JobController jc, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String guid = req.getParameter("guid");
        if (guid == null || jc.get(guid).isEmpty()) {
            back(req, resp, null, "no job with guid " + guid);
            return;
        }
        String user = ConsoleSecurity.userOf(req);
        jc.kill(guid, user);
        audit(user, req, "console kill job=" + guid);
        back(req, resp, guid, null);
    }

    private void start(JobController jc, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ActionManager am = actions;
        if (am == null) {
            back(req, resp, null, "the tasklet engine is not running");
            return;
        }
        String kind = req.getParameter("kind");
        String name = req.getParameter("name") == null ? "" : req.getParameter("name").strip();
        String action = req.getParameter("action") == null ? "" : req.getParameter("action").strip();
        ActionResult r;
        try {
            if (name.isEmpty() || action.isEmpty()) {
                throw new IllegalArgumentException("name and action are both needed");
            }
            Map<String, Object> params = params(req.getParameter("params"));
            ExecutionParams ep = execution(req, "rootobject".equals(kind) ? name : null);
            String parent = field(req, "parent") == null ? null : Names.require("parent job", field(req, "parent"));
            r = switch (kind == null ? "" : kind) {
                case "actor" -> am.startActorAction(name, action, params, ep, parent);
                case "rootobject" -> am.startRootobjectAction(name, action, params, ep, parent);
                default -> throw new IllegalArgumentException("kind must be actor or rootobject, got '" + kind + "'");
            };
        } catch (RuntimeException e) { // ActionNotFound, bad params: said on the page, nothing started
            back(req, resp, null, e.getMessage());
            return;
        }
        audit(ConsoleSecurity.userOf(req), req, "console start " + kind + " " + name + "." + action + " job=" + r.jobGuid());
        if ("true".equals(req.getParameter("wait"))) {
            try {
                jc.completion(r.jobGuid()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // still running (or waiting failed): the job page shows where it is
            }
        }
        back(req, resp, r.jobGuid(), null);
    }

    /** key=value lines to params; a line without '=' is refused rather than guessed at. */
    static Map<String, Object> params(String text) {
        return KeyValues.lines(text);
    }

    /** The form's execution params, as the API's "execution" object and Gogo's options take them. */
    static ExecutionParams execution(HttpServletRequest req, String rootObjectType) {
        ExecutionParams ep = ExecutionParams.defaults().withWait(false).withStartedBy(ConsoleSecurity.userOf(req))
                .withName(field(req, "jobname"), field(req, "description"));
        String max = field(req, "maxduration");
        if (max != null) {
            ep = ep.withMaxDuration(Durations.parseSeconds(max, "max duration"));
        }
        String guid = field(req, "rootobjectguid");
        return rootObjectType != null && guid != null ? ep.withRootObject(rootObjectType, Names.require("root-object guid", guid)) : ep;
    }

    /** A text field; empty is not given. */
    private static String field(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** POST-redirect-GET: to the job page, or back to the list with the error shown. */
    private static void back(HttpServletRequest req, HttpServletResponse resp, String guid, String error) throws IOException {
        String to = page(req, LABEL) + (guid != null ? "?guid=" + u(guid) : "?error=" + u(error));
        resp.sendRedirect(to);
    }
}
