/** The data repository (DRP): root objects and job records, all writes through one writer. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.wfe.api.drp;
