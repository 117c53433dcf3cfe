package org.wfe.metrics.impl;

import java.util.List;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;

import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.DrpStatus;

/**
 * Series read at scrape time from what the store and the agent controller already keep in memory
 * ({@link Drp#status()}, {@link AgentController#agents()}): no store query. A service that is not there gives no
 * sample, rather than a misleading zero.
 */
final class EngineGauges {

    private EngineGauges() {
    }

    static void register(PrometheusRegistry registry, Labels node, Supplier<Drp> drp, Supplier<AgentController> agents) {
        GaugeWithCallback.builder().name("wfe_store_up").help("1 while the store is reachable, 0 while writes stay queued")
                .constLabels(node).callback(cb -> {
                    DrpStatus s = status(drp);
                    if (s != null) {
                        cb.call(s.up() ? 1 : 0);
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("wfe_store_queue_depth").help("Writes waiting for the store's writer")
                .constLabels(node).callback(cb -> {
                    DrpStatus s = status(drp);
                    if (s != null) {
                        cb.call(s.queueDepth());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("wfe_store_writes_committed")
                .help("Writes the store's writer committed since the engine started").constLabels(node).callback(cb -> {
                    DrpStatus s = status(drp);
                    if (s != null) {
                        cb.call(s.committedWrites());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("wfe_agents_online").help("Agents connected now (the built-in local agent included)")
                .constLabels(node).callback(cb -> {
                    List<AgentInfo> all = agentList(agents);
                    if (all != null) {
                        cb.call(all.stream().filter(AgentInfo::online).count());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("wfe_scripts_in_flight").help("Scripts sent to agents and not yet ended")
                .constLabels(node).callback(cb -> {
                    List<AgentInfo> all = agentList(agents);
                    if (all != null) {
                        cb.call(all.stream().mapToLong(a -> a.runningJobs() == null ? 0 : a.runningJobs().size()).sum());
                    }
                }).register(registry);
    }

    private static DrpStatus status(Supplier<Drp> drp) {
        Drp d = drp.get();
        return d == null ? null : d.status();
    }

    private static List<AgentInfo> agentList(Supplier<AgentController> agents) {
        AgentController a = agents.get();
        return a == null ? null : a.agents();
    }
}
