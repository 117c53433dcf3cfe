package org.wfe.webconsole.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.agent.AgentAcceptance;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentSelector;
import org.wfe.api.user.Audit;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /system/console/wfe-agents}: agents with acceptance, presence, last seen, the jobs they run, labels and
 * facts, filtered by a selector typed in the box (the language of {@link AgentSelector}); an
 * operator accepts or rejects an agent account here ({@code accept} and {@code reject} are POST-only forms
 * with the page token, like the jobs page's kill).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + AgentsPlugin.LABEL, "felix.webconsole.title=Agents",
        "felix.webconsole.category=" + ConsolePage.CATEGORY })
public class AgentsPlugin extends ConsolePage {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "wfe-agents";

    // optional: the agent controller is its own bundle and may be absent or restarting
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile AgentController agents;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile Audit audit;

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PrintWriter w = resp.getWriter();
        w.print(style());
        AgentController ac = agents;
        if (ac == null) {
            w.print("<p id='wfe-summary'>No agent controller is running (configuration org.wfe.agentcontroller): no agents.</p>");
            return;
        }
        String message = req.getParameter("error");
        if (message != null) {
            w.print("<p class='wfe-error' id='wfe-message'>" + h(message) + "</p>");
        } else if (req.getParameter("done") != null) {
            w.print("<p id='wfe-message'>" + h(req.getParameter("done")) + "</p>");
        }
        String select = req.getParameter("select") == null ? "" : req.getParameter("select").strip();
        List<AgentInfo> list;
        try {
            list = select.isEmpty() ? ac.agents() : ac.agents(AgentSelector.parse(select));
        } catch (IllegalArgumentException e) { // a selector that does not parse: said, and everything listed
            w.print("<p class='wfe-error' id='wfe-select-error'>" + h(e.getMessage()) + "</p>");
            list = ac.agents();
        }
        // a GET form: the filter is in the address, so a filtered page can be bookmarked and shared
        w.print("<form method='get' id='wfe-select-form' action='" + a(page(req, LABEL)) + "'><label>Select <input name='select' id='wfe-select'"
                + " size='50' value='" + a(select) + "' placeholder='web-* and role=web,db and os=debian'></label>"
                + " <button type='submit' id='wfe-select-button'>Filter</button></form>");
        Instant now = Instant.now();
        long pending = list.stream().filter(a -> a.acceptance() == AgentAcceptance.PENDING).count();
        w.print("<p id='wfe-summary'>" + list.size() + " agent(s), " + list.stream().filter(AgentInfo::online).count() + " online, "
                + pending + " pending (only accepted agents get scripts)</p>");
        w.print("<table class='tablelayout nicetable' id='wfe-agents-table'><thead><tr><th>Agent</th><th>Acceptance</th><th>Presence</th>"
                + "<th>Last seen</th><th>Running jobs</th><th>Labels</th><th>Facts</th><th></th></tr></thead><tbody>");
        String jobs = page(req, JobsPlugin.LABEL);
        String self = page(req, LABEL);
        for (AgentInfo a : list) {
            StringBuilder running = new StringBuilder();
            for (String g : a.runningJobs() == null ? List.<String>of() : a.runningJobs()) {
                running.append("<a href='").append(a(jobs + "?guid=" + u(g))).append("'>").append(h(g)).append("</a> ");
            }
            w.print("<tr data-agent='" + a(a.guid()) + "' data-online='" + a.online() + "' data-acceptance='" + a(a.acceptance().label())
                    + "'><td>" + h(a.guid()) + "</td><td>" + acceptance(a.acceptance()) + "</td><td>"
                    + (a.online() ? "<span class='wfe-badge wfe-st-done'>online</span>" : "<span class='wfe-badge wfe-st-waiting'>offline</span>")
                    + "</td><td>" + (a.lastSeen() == null ? "never" : h(a.lastSeen()) + " <span class='wfe-muted'>("
                            + h(human(Duration.between(a.lastSeen(), now))) + " ago)</span>")
                    + "</td><td>" + running + "</td><td class='wfe-labels'>" + pairs(a.labels()) + "</td><td class='wfe-facts'>" + pairs(a.facts())
                    + (a.firstSeen() == null ? "" : "<br><span class='wfe-muted'>first seen " + h(a.firstSeen()) + "</span>")
                    + "</td><td>" + (a.guid().equals("local") ? "" : buttons(self, a)) + "</td></tr>");
        }
        if (list.isEmpty()) {
            w.print("<tr><td colspan='8'>" + (select.isEmpty() ? "No agents known yet." : "No agent matches " + h(select) + ".") + "</td></tr>");
        }
        w.print("</tbody></table>");
        // an account may be accepted before it first comes online
        w.print("<form method='post' id='wfe-accept-form' action='" + a(self + "/accept") + "'>" + tokenField()
                + "<label>Agent name <input name='name' id='wfe-accept-name' size='30'></label> "
                + "<button type='submit' id='wfe-accept-button'>Accept</button></form>");
    }

    /** Labels or facts as {@code name=value} words, in name order. */
    private static String pairs(java.util.Map<String, String> m) {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(m).forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append("<code>").append(h(k)).append('=').append(h(v)).append("</code>"));
        return b.toString();
    }

    private static String acceptance(AgentAcceptance a) {
        String cls = switch (a) {
            case ACCEPTED -> "wfe-st-done";
            case PENDING -> "wfe-st-waiting";
            case REJECTED -> "wfe-st-error";
        };
        return "<span class='wfe-badge " + cls + "'>" + a.label() + "</span>";
    }

    private static String buttons(String self, AgentInfo a) {
        StringBuilder b = new StringBuilder();
        if (a.acceptance() != AgentAcceptance.ACCEPTED) {
            b.append(form(self, "accept", a.guid(), "Accept"));
        }
        if (a.acceptance() != AgentAcceptance.REJECTED) {
            b.append(form(self, "reject", a.guid(), "Reject"));
        }
        return b.toString();
    }

    private static String form(String self, String decision, String agent, String label) {
        return "<form method='post' style='display:inline' class='wfe-" + decision + "' action='" + a(self + "/" + decision) + "'>"
                + tokenField() + "<input type='hidden' name='name' value='" + a(agent) + "'><button type='submit'>" + label + "</button></form>";
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!csrfSafe(req, resp)) {
            return;
        }
        // an operator's decision: ConsoleSecurity let only operators and admins post to a wfe- page
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        boolean accept = path.endsWith("/accept");
        if (!accept && !path.endsWith("/reject")) {
            resp.sendError(404, "no such form: " + path);
            return;
        }
        AgentController ac = agents;
        if (ac == null) {
            resp.sendError(503, "the agent controller is not running");
            return;
        }
        String name = req.getParameter("name") == null ? "" : req.getParameter("name").strip();
        String back = page(req, LABEL);
        try {
            AgentInfo a = accept ? ac.accept(name) : ac.reject(name);
            Audit log = audit;
            if (log != null) {
                log.record(ConsoleSecurity.userOf(req), req.getRemoteAddr(), "console agent-" + (accept ? "accept " : "reject ") + a.guid());
            }
            resp.sendRedirect(back + "?done=" + u("agent " + a.guid() + " is " + a.acceptance().label()));
        } catch (RuntimeException e) { // a bad name, the store down: said on the page, nothing changed
            resp.sendRedirect(back + "?error=" + u(e.getMessage()));
        }
    }
}
