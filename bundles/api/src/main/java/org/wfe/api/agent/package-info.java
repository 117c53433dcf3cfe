/** The agent controller: scripts on remote machines through agents. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.wfe.api.agent;
