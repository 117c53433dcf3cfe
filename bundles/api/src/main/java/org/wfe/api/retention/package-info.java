/** Retention of finished jobs: the purge of old ones, on a schedule and by hand. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.wfe.api.retention;
