package org.wfe.test.broken.duplicate;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletProperties;

/** DS cannot declare one class twice under one name, so the duplicate is registered by hand. */
public class Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        for (int i = 0; i < 2; i++) {
            Hashtable<String, Object> p = new Hashtable<>();
            p.put(TaskletProperties.ACTOR, "broken");
            p.put(TaskletProperties.ACTION, new String[] {"duplicate"});
            context.registerService(Tasklet.class, new Twice(), p);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters both services
    }
}
