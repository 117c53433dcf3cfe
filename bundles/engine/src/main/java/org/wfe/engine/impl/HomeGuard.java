package org.wfe.engine.impl;

import java.nio.file.Path;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the home private before anything writes there. A bundle activator, not a DS component, because it
 * must run first: the engine bundle starts at level 3 (cnf/startlevels.bnd), before SCR, ConfigAdmin,
 * FileInstall and the store (level 10), so they all create their files under umask 077 in 0700 folders,
 * whichever way the engine was launched ({@code ./wfe}, {@code bin/wfe}, {@code java -jar engine.jar}).
 */
public class HomeGuard implements BundleActivator {
    private static final Logger LOG = LoggerFactory.getLogger(HomeGuard.class);

    @Override
    public void start(BundleContext ctx) throws Exception {
        if (Umask.restrict(Umask.PRIVATE) < 0) {
            LOG.warn("cannot set the file-creation mask (umask 077): new files may be readable by others;"
                    + " start java with --enable-native-access=ALL-UNNAMED, or use ./wfe");
        }
        Home home = Home.of(ctx);
        String fw = ctx.getProperty(Constants.FRAMEWORK_STORAGE);
        Path storage = fw == null || fw.isBlank() ? null : Path.of(fw).toAbsolutePath().normalize();
        try {
            for (String w : PrivateHome.tighten(home, storage)) {
                LOG.warn(w);
            }
        } catch (java.io.IOException e) {
            // the engine still starts: the folder that failed says why in the next component's error
            LOG.error("cannot make the home {} private: {}", home.root(), e.toString());
        }
        if (storage != null && !storage.startsWith(home.root().resolve("var"))) {
            LOG.warn("the framework storage {} lies outside {}/var; it holds every configuration, passwords"
                    + " included: start with -Dlaunch.storage.dir={}/var/osgi", storage, home.root(), home.root());
        }
    }

    @Override
    public void stop(BundleContext ctx) {
        // nothing to undo
    }
}
