package org.wfe.drp.impl;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.wfe.api.drp.Drp;

/** Feeds the type registry from the {@code Wfe-RootObjectTypes} headers of active bundles. */
record TypesFromBundles(TypeRegistry types) implements BundleTrackerCustomizer<Bundle> {

    @Override
    public Bundle addingBundle(Bundle b, BundleEvent event) {
        String header = b.getHeaders("").get(Drp.TYPES_HEADER);
        if (header == null) {
            return null;
        }
        types.declare(b.getBundleId(), header, "bundle " + b.getSymbolicName());
        return b;
    }

    @Override
    public void modifiedBundle(Bundle b, BundleEvent event, Bundle object) {
    }

    @Override
    public void removedBundle(Bundle b, BundleEvent event, Bundle object) {
        types.undeclare(b.getBundleId());
    }
}
