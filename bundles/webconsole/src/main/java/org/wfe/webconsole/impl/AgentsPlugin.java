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
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /system/console/wfe-agents}: agents with presence, last seen and the jobs they run. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=wfe-agents", "felix.webconsole.title=Agents",
        "felix.webconsole.category=" + ConsolePage.CATEGORY })
public class AgentsPlugin extends ConsolePage {
    private static final long serialVersionUID = 1L;

    // optional: the agent controller is its own bundle and may be absent or restarting
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile AgentController agents;

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PrintWriter w = resp.getWriter();
        w.print(style());
        AgentController ac = agents;
        if (ac == null) {
            w.print("<p id='wfe-summary'>No agent controller is running (configuration org.wfe.agentcontroller): no agents.</p>");
            return;
        }
        List<AgentInfo> list = ac.agents();
        Instant now = Instant.now();
        w.print("<p id='wfe-summary'>" + list.size() + " agent(s), " + list.stream().filter(AgentInfo::online).count() + " online</p>");
        w.print("<table class='tablelayout nicetable' id='wfe-agents-table'><thead><tr><th>Agent</th><th>Presence</th><th>Last seen</th>"
                + "<th>Running jobs</th></tr></thead><tbody>");
        String jobs = page(req, JobsPlugin.LABEL);
        for (AgentInfo a : list) {
            StringBuilder running = new StringBuilder();
            for (String g : a.runningJobs() == null ? List.<String>of() : a.runningJobs()) {
                running.append("<a href='").append(a(jobs + "?guid=" + u(g))).append("'>").append(h(g)).append("</a> ");
            }
            w.print("<tr data-online='" + a.online() + "'><td>" + h(a.guid()) + "</td><td>"
                    + (a.online() ? "<span class='wfe-badge wfe-st-done'>online</span>" : "<span class='wfe-badge wfe-st-waiting'>offline</span>")
                    + "</td><td>" + (a.lastSeen() == null ? "never" : h(a.lastSeen()) + " <span class='wfe-muted'>("
                            + h(human(Duration.between(a.lastSeen(), now))) + " ago)</span>")
                    + "</td><td>" + running + "</td></tr>");
        }
        if (list.isEmpty()) {
            w.print("<tr><td colspan='4'>No agents known yet.</td></tr>");
        }
        w.print("</tbody></table>");
    }
}
