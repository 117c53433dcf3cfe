/**
 * The job controller: the live job tree in memory, its state transitions, per-job logs, max duration and
 * kill, and telling waiters once a final state is durable in the {@link org.wfe.api.drp.JobStore}.
 */
package org.wfe.job.controller.impl;
