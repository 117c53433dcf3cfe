package org.wfe.engine.impl;

import java.io.IOException;
import java.util.Dictionary;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.wfe.api.user.Audit;

/**
 * Every ConfigAdmin change in the audit trail, whatever its source. ConfigAdmin does not say who made a change:
 * one that came from an {@code etc/} file (FileInstall marks it with the file's name) is recorded as
 * {@link Audit#LOCAL} with the file as its source; a change from the console's configMgr has the console's
 * own line beside it ({@code console POST /configMgr/PID} by its user); anything else is user {@code -}.
 */
@Component
public class ConfigAudit implements ConfigurationListener {

    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    @Reference
    Audit audit;
    @Reference
    ConfigurationAdmin configAdmin;

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String what = switch (event.getType()) {
            case ConfigurationEvent.CM_UPDATED -> "updated";
            case ConfigurationEvent.CM_DELETED -> "deleted";
            case ConfigurationEvent.CM_LOCATION_CHANGED -> "location changed";
            default -> "changed";
        };
        String pid = event.getFactoryPid() == null ? event.getPid() : event.getFactoryPid() + " (" + event.getPid() + ")";
        String file = event.getType() == ConfigurationEvent.CM_UPDATED ? fileOf(event.getPid()) : null;
        if (file != null) {
            audit.record(Audit.LOCAL, "etc/" + file, "configuration " + pid + " " + what);
        } else {
            audit.record("-", "configadmin", "configuration " + pid + " " + what);
        }
    }

    /** The name of the etc/ file the configuration was read from, or null. */
    private String fileOf(String pid) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid.replaceAll("([\\\\*()])", "\\\\$1") + ")");
            Dictionary<String, Object> props = found == null || found.length == 0 ? null : found[0].getProperties();
            Object f = props == null ? null : props.get(FILEINSTALL_FILENAME);
            if (f == null) {
                return null;
            }
            String s = f.toString();
            return s.substring(s.lastIndexOf('/') + 1);
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            return null;
        }
    }
}
