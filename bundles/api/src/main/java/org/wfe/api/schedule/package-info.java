/**
 * Schedules: an action with its params started by a cron expression (with a time zone) or a fixed interval,
 * stored in the repository and fired once per fire time across every engine on one store.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.wfe.api.schedule;
