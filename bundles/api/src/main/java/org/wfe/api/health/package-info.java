/**
 * The engine's one definition of health: the verdict of every Felix Health Check tagged {@code wfe}
 * (store, writer, agent controller, tasklet bundles, engine bundles). Provided by the engine bundle; read by
 * the status file ({@code ./wfe start}, {@code ./wfe status}), the HTTP API and the Web Console.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.wfe.api.health;
