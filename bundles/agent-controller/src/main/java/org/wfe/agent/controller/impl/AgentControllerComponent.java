package org.wfe.agent.controller.impl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.agent.protocol.TransportCheck;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.drp.Drp;
import org.wfe.api.health.EngineHealth;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobRecovery;

/**
 * The {@link AgentController} service, immediate: it keeps the XMPP session (presence, results) whether or
 * not anybody holds the service right now. A configuration change restarts it (DS deactivates and activates
 * again), which is what a new server or password needs anyway.
 * <p>
 * It registers its service itself: DS would copy every configuration property onto the service, and the
 * XMPP password (every agent obeys that account) would show on the Web Console's Services page, in its
 * status zip and to any bundle. The configuration keeps its plain {@code password} key ({@code etc/*.cfg}).
 */
@Component(service = {}, configurationPid = ControllerConfig.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ControllerConfig.class)
public class AgentControllerComponent implements AgentController {

    private static final Logger LOG = LoggerFactory.getLogger(AgentControllerComponent.class);

    private final Controller controller;
    private final ServiceRegistration<AgentController> registration;
    private final ServiceRegistration<HealthCheck> check;
    private final ServiceRegistration<JobRecovery> recovery;

    @Activate
    public AgentControllerComponent(@Reference JobController jobs, @Reference Drp drp, ControllerConfig config,
            BundleContext ctx, Map<String, Object> properties) {
        String home = ctx.getProperty("wfe.home");
        Settings s = Settings.of(config, Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath());
        String refused = TransportCheck.refusal(s.xmpp(), config.insecure(), ControllerConfig.PID);
        if (refused != null) {
            // the local agent keeps working; no remote agent is reached in clear
            LOG.error("agent controller: {}; no XMPP connection is made", refused);
            s = s.withXmpp(null);
        }
        String insecure = TransportCheck.warning(s.xmpp(), config.insecure());
        if (insecure != null) {
            LOG.warn("agent controller: {}", insecure);
        }
        // the settings' toString leaves the password out
        LOG.info("agent controller: {}; local agent {}", s.xmpp() == null ? "no XMPP server configured" : s.xmpp(),
                s.localWorkDir() == null ? "off" : "on (" + s.localWorkDir() + ")");
        if (config.autoaccept()) {
            LOG.warn("agent controller: autoaccept is on: every agent account of the domain that nobody rejected gets work (labs only)");
        }
        this.controller = new Controller(jobs, s, new Acceptance(drp, config.autoaccept(), s.localWorkDir() != null),
                new Inventory(drp));
        this.registration = ctx.registerService(AgentController.class, this, PublicProperties.of(properties));
        Hashtable<String, Object> hc = new Hashtable<>();
        hc.put(HealthCheck.NAME, XmppCheck.NAME);
        hc.put(HealthCheck.TAGS, new String[] {EngineHealth.TAG});
        this.check = ctx.registerService(HealthCheck.class, new XmppCheck(controller::xmppLink, refused), hc);
        // script jobs a dead engine left RUNNING: only over XMPP can their agent still run them
        this.recovery = s.xmpp() == null ? null : ctx.registerService(JobRecovery.class, new Reattach(controller, s), null);
    }

    @Deactivate
    void deactivate() {
        try {
            if (recovery != null) {
                recovery.unregister();
            }
            check.unregister();
            registration.unregister();
        } catch (IllegalStateException e) {
            // the bundle is stopping: the framework has unregistered it already
        }
        controller.close();
    }

    @Override
    public ScriptResult executeScript(String agentGuid, String actionName, String script, Map<String, Object> params,
            ExecutionParams executionParams, String jobGuid) {
        return controller.executeScript(agentGuid, actionName, script, params, executionParams, jobGuid);
    }

    @Override
    public org.wfe.api.agent.FanOutResult executeScript(org.wfe.api.agent.AgentSelector target, String actionName, String script,
            Map<String, Object> params, ExecutionParams executionParams, String jobGuid, org.wfe.api.agent.FanOut fanOut) {
        return controller.executeScript(target, actionName, script, params, executionParams, jobGuid, fanOut);
    }

    @Override
    public String startScript(org.wfe.api.agent.AgentSelector target, String actionName, String script, Map<String, Object> params,
            ExecutionParams executionParams, String jobGuid, org.wfe.api.agent.FanOut fanOut) {
        return controller.startScript(target, actionName, script, params, executionParams, jobGuid, fanOut);
    }

    @Override
    public java.util.Optional<org.wfe.api.agent.FanOutResult> fanOut(String parentGuid) {
        return controller.fanOut(parentGuid);
    }

    @Override
    public boolean killScript(String agentGuid, String jobGuid, Duration timeout) {
        return controller.killScript(agentGuid, jobGuid, timeout);
    }

    @Override
    public List<AgentInfo> agents() {
        return controller.agents();
    }

    @Override
    public AgentInfo accept(String agentGuid) {
        return controller.accept(agentGuid);
    }

    @Override
    public AgentInfo reject(String agentGuid) {
        return controller.reject(agentGuid);
    }
}
