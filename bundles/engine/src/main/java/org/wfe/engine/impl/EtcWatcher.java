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
 * picked up live. The engine never writes them: changes made in the Web Console last until the next start.
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
        // FileInstall's write-back emptied operators' files on restarts (seen with org.wfe.jobs.cfg): the
        // files are the operator's, the engine only reads them. ConfigInstaller reads this switch from the
        // framework properties (cnf/runtime.bnd), so it is set there too.
        p.put("felix.fileinstall.enableConfigSave", "false");
        c.update(p);
    }
}
