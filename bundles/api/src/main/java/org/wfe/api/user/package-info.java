/**
 * Users, roles and the audit trail: one service checks every login (HTTP API, Web Console, SSH), one
 * records who started, killed or reconfigured what. Provided by the engine bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.wfe.api.user;
