/**
 * The engine's log on Logback: JUL into SLF4J, what a tasklet logs into its job's log (an MDC key set by
 * the tasklet engine around each tasklet call), System.out/err of a job's thread, the {@code log:*} commands.
 */
package org.wfe.logging.impl;
