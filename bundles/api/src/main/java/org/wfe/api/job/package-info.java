/** Jobs: the tree of work the engine tracks. Provided by the job controller bundle. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package org.wfe.api.job;
