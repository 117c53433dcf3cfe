/**
 * The action manager: finds the tasklets of an action, creates its job and runs them, one virtual thread
 * per action.
 * <p>
 * <b>Order.</b> Every usable tasklet whose tags equal {name, action} runs: highest
 * {@code wfe.tasklet.priority} first; equal priorities by {@code service.ranking} (highest first), then
 * bundle symbolic name and version, then implementation class name, then service id (oldest first).
 * <p>
 * <b>Broken tasklets</b> are listed by {@code tasklets()} with state {@code broken} and logged once with
 * their bundle: no tags, wrong property types (priority must be an Integer), both type and actor,
 * duplicate registrations of one class for one action (the older registration wins), components whose
 * activate threw or whose references are unsatisfied (read from DS's runtime DTOs). They never match.
 * <p>
 * <b>Kill.</b> The job controller's kill hook interrupts the action's thread; from then on every call on
 * the tasklet context (and repository writes, child actions) throws {@code JobKilledException}.
 * <p>
 * <b>Bundle stopped while an action is inside one of its tasklets.</b> Once the tasklet's service is
 * unregistered it matches no new action. An action already inside it gets a grace period (configuration
 * {@code bundleStopGraceMillis}, default 5 s; the DS unbind, and so the bundle stop, waits that long at
 * most) to return. If it does, the chain goes on with the next tasklet. If it does not, its job ends ERROR
 * with {@code TaskletBundleStoppedException} ("tasklet bundle stopped: ..."), its thread is interrupted and
 * every later context call throws that exception; whatever the abandoned thread does afterwards cannot
 * change the job. A tasklet whose bundle went away before its turn is skipped with a WARN log line.
 */
package org.wfe.tasklet.engine.impl;
