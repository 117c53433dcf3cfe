/**
 * The action manager: finds the tasklets of an action, creates its job and runs them, one thread per
 * action: virtual, or from a pool of platform threads while tasklets that spin hold every carrier
 * ({@link org.wfe.tasklet.engine.impl.ActionThreads}).
 * <p>
 * <b>Capacity.</b> At most {@code maxRunningActions} (default 10,000) actions whose threads have not ended
 * run at once; past it a start throws {@code EngineAtCapacityException} before any job exists. Child
 * actions count too: a tasklet starting one at capacity gets that exception.
 * <p>
 * <b>Runaways.</b> A job that ended from outside (kill, max duration, its bundle gone) while its tasklet
 * ignores the interrupt still ends; 1 s later its thread is logged as a runaway and listed by
 * {@code ActionManager.load()} ({@code wfe:status}, the console) until it returns, counting against the cap.
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
 * <b>Kill.</b> The job controller's kill hook interrupts the action's thread (only while it is still in the
 * chain: a pooled thread may run another action by then); from then on every call on
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
