package org.wfe.engine.impl;

import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.wfe.api.user.Audit;

/**
 * Every ConfigAdmin change in the audit trail, whatever its source (an {@code etc/} file, the console's
 * configMgr, a Gogo command). ConfigAdmin does not say who made a change: the console's own line
 * ({@code POST configMgr/PID} by its user) sits beside this one.
 */
@Component
public class ConfigAudit implements ConfigurationListener {

    @Reference
    Audit audit;

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String what = switch (event.getType()) {
            case ConfigurationEvent.CM_UPDATED -> "updated";
            case ConfigurationEvent.CM_DELETED -> "deleted";
            case ConfigurationEvent.CM_LOCATION_CHANGED -> "location changed";
            default -> "changed";
        };
        String pid = event.getFactoryPid() == null ? event.getPid() : event.getFactoryPid() + " (" + event.getPid() + ")";
        audit.record("-", "configadmin", "configuration " + pid + " " + what);
    }
}
