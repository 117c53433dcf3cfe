/** The action manager: starts root-object and actor actions by running matching tasklets. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.wfe.api.action;
