package org.wfe.engine.impl;

import java.io.IOException;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * FileInstall watches one folder from framework properties ({@code deploy/}); the {@code etc/*.cfg} files
 * get a second watcher, made here as a FileInstall factory configuration, so that configuration files are
 * picked up live and changes made in the Web Console are written back to them.
 */
@Component(immediate = true)
public class EtcWatcher {
    static final String FILEINSTALL_FACTORY = "org.apache.felix.fileinstall";

    @Reference
    ConfigurationAdmin configAdmin;

    @Activate
    void activate(BundleContext ctx) throws IOException {
        Home home = Home.of(ctx);
        Configuration c = configAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY, "etc", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.dir", home.etc().toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.enableConfigSave", "true");
        c.update(p);
    }
}
