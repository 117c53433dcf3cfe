/** What a tasklet author implements and annotates; the engine provides the context. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.wfe.api.tasklet;
