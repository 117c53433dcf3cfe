package org.wfe.shell.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.drp.JobStore;
import org.wfe.api.drp.NodeInfo;
import org.wfe.api.user.Audit;

/** {@code wfe:nodes} and {@code wfe:drain}: the engine nodes sharing the store in cluster mode. */
@Component(service = NodeCommands.class, property = {
        "osgi.command.scope=wfe", "osgi.command.function=nodes", "osgi.command.function=drain" })
public class NodeCommands {

    static final String HELP_NODES = "the cluster's engine nodes: id, address, lease age, jobs owned, state (--json)";
    static final String HELP_DRAIN = "this node takes no new work and stops once its jobs are done; --off undoes it";

    @Reference
    JobStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;

    @Descriptor(HELP_NODES)
    public Object nodes(
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        if (!store.clustered()) {
            throw new IllegalStateException("this engine is not a cluster node (cluster=true in org.wfe.drp, PostgreSQL only)");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NodeInfo n : store.nodes()) {
            rows.add(row(n));
        }
        return json ? ShellJson.write(rows) : rows;
    }

    static Map<String, Object> row(NodeInfo n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id() + (n.self() ? " (this node)" : ""));
        m.put("address", n.address());
        m.put("incarnation", n.incarnation());
        m.put("leaseAge", n.leaseAgeMillis() / 1000.0 + " s");
        m.put("jobsOwned", n.jobsOwned());
        m.put("state", n.state());
        return m;
    }

    @Descriptor(HELP_DRAIN)
    public String drain(
            @Descriptor("take new work again") @Parameter(names = "--off", presentValue = "true", absentValue = "false") boolean off) {
        if (!store.draining(!off)) {
            throw new IllegalStateException("this engine is not a cluster node: stop it with ./wfe stop");
        }
        ShellUser.audit(audit, (off ? "undrain" : "drain") + " node " + store.nodeId());
        return off ? "node " + store.nodeId() + " takes new work again"
                : "node " + store.nodeId() + " is draining: it takes no new work and stops once its jobs are done";
    }
}
