package org.wfe.tasklet.engine.impl;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionResult;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.agent.AgentController;
import org.wfe.api.drp.Drp;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.JobController;
import org.wfe.api.tasklet.Tasklet;

/**
 * The OSGi face of {@link ActionEngine}: tracks Tasklet services (dynamic, greedy), the job controller,
 * the optional repository and agent controller, and DS's runtime for tasklet components that failed.
 */
@Component(service = ActionManager.class, configurationPid = "org.wfe.tasklet.engine")
@Designate(ocd = ActionManagerComponent.Config.class)
public class ActionManagerComponent implements ActionManager {

    @ObjectClassDefinition(name = "WFE tasklet engine", description = "Runs actions by their tasklets")
    public @interface Config {
        @AttributeDefinition(description = "Milliseconds an action may stay inside a tasklet whose bundle"
                + " stopped before its job ends ERROR (TaskletBundleStoppedException)")
        long bundleStopGraceMillis() default 5_000;

        @AttributeDefinition(description = "Most actions whose threads may run at once (runaway threads of ended"
                + " jobs included); past it a start is refused with 'engine at capacity' (HTTP 503) before any job exists")
        int maxRunningActions() default 10_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ActionManagerComponent.class);

    private final TaskletRegistry registry = new TaskletRegistry(LOG::warn, Duration.ofSeconds(5));
    private final BundleContext bundleContext;
    private final ActionEngine engine;
    private final Set<String> loggedBroken = new HashSet<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Drp drp;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AgentController agents;

    private volatile ServiceComponentRuntime scr;

    @Activate
    public ActionManagerComponent(BundleContext bundleContext, @Reference JobController jobs, Config config) {
        this.bundleContext = bundleContext;
        this.engine = new ActionEngine(jobs, registry, () -> drp, () -> agents, () -> {
            explainActivationFailures(scr);
            return BrokenComponents.scan(scr, registry::contains);
        });
        modified(config);
    }

    @Modified
    void modified(Config config) {
        if (config.bundleStopGraceMillis() < 0) {
            throw new IllegalArgumentException("bundleStopGraceMillis must be >= 0, got " + config.bundleStopGraceMillis());
        }
        if (config.maxRunningActions() < 1) {
            // checked before anything is applied: a refused configuration changes nothing
            throw new IllegalArgumentException("maxRunningActions must be >= 1, got " + config.maxRunningActions());
        }
        registry.grace(Duration.ofMillis(config.bundleStopGraceMillis()));
        engine.capacity(config.maxRunningActions());
    }

    @Override
    public org.wfe.api.action.ActionLoad load() {
        return engine.load();
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeTasklet")
    void addTasklet(ServiceReference<Tasklet> ref) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        Map<String, Object> props = new java.util.HashMap<>();
        for (String k : ref.getPropertyKeys()) {
            props.put(k, ref.getProperty(k));
        }
        Bundle b = ref.getBundle();
        String bundle = b == null ? "unknown" : b.getSymbolicName() + " " + b.getVersion();
        long bundleId = b == null ? -1 : b.getBundleId();
        Object component = props.get("component.name");
        registry.add(id, props, bundle, bundleId, () -> {
            Tasklet t = bundleContext.getService(ref);
            if (t == null) {
                String why = BrokenComponents.failureOf(scr, bundleId, component instanceof String s ? s : null);
                throw new IllegalStateException(why != null ? why
                        : "its service gave no object (activate failed or the component is not satisfied)");
            }
            return t;
        });
    }

    void removeTasklet(ServiceReference<Tasklet> ref) {
        TaskletEntry e = registry.remove((Long) ref.getProperty(Constants.SERVICE_ID));
        if (e != null) {
            try {
                bundleContext.ungetService(ref);
            } catch (IllegalStateException ex) {
                // our own bundle is stopping: nothing to release
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "scrChanged", unbind = "unsetScr")
    void setScr(ServiceComponentRuntime s) {
        scr = s;
        scrChanged(s);
    }

    void unsetScr(ServiceComponentRuntime s) {
        if (scr == s) {
            scr = null;
        }
    }

    /** DS bumps its service.changecount when components change: log tasklet components newly broken. */
    void scrChanged(ServiceComponentRuntime s) {
        explainActivationFailures(s);
        List<TaskletInfo> broken = BrokenComponents.scan(s, registry::contains);
        synchronized (loggedBroken) {
            for (TaskletInfo i : broken) {
                if (loggedBroken.addAll(BrokenComponents.keys(List.of(i)))) {
                    LOG.warn("broken tasklet {} in bundle {}: {}", i.className(), i.bundle(), i.problem());
                }
            }
            loggedBroken.retainAll(BrokenComponents.keys(broken));
        }
    }

    /** DS may record why activate failed only after our getService returned: pick the reason up later. */
    private void explainActivationFailures(ServiceComponentRuntime s) {
        for (TaskletEntry e : registry.all()) {
            if (e.activationFailed()) {
                e.activationFailure(BrokenComponents.failureOf(s, e.bundleId, e.componentName));
            }
        }
    }

    @Override
    public ActionResult startActorAction(String actor, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid) {
        return engine.startActorAction(actor, action, params, executionParams, parentJobGuid);
    }

    @Override
    public ActionResult startRootobjectAction(String rootObjectType, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid) {
        return engine.startRootobjectAction(rootObjectType, action, params, executionParams, parentJobGuid);
    }

    @Override
    public java.util.concurrent.CompletionStage<ActionResult> startActorActionAsync(String actor, String action,
            Map<String, Object> params, ExecutionParams executionParams, String parentJobGuid) {
        return engine.startActorActionAsync(actor, action, params, executionParams, parentJobGuid);
    }

    @Override
    public java.util.concurrent.CompletionStage<ActionResult> startRootobjectActionAsync(String rootObjectType,
            String action, Map<String, Object> params, ExecutionParams executionParams, String parentJobGuid) {
        return engine.startRootobjectActionAsync(rootObjectType, action, params, executionParams, parentJobGuid);
    }

    @Override
    public Map<String, Object> waitForActions(java.util.Collection<String> jobGuids, Duration timeout) {
        return engine.waitForActions(jobGuids, timeout);
    }

    @Override
    public List<TaskletInfo> tasklets() {
        return engine.tasklets();
    }
}
