package org.wfe.agent.controller.impl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.agent.protocol.ScriptQuery;
import org.wfe.agent.protocol.ScriptStatus;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobRecovery;
import org.wfe.api.job.LogText;

/**
 * Takes over script jobs whose engine died (the job controller offers them at start-up, or a cluster's
 * takeover does): the agent is asked what it knows of the job.
 * <ul>
 * <li>running: the job waits for its end as usual (output flowing to it, liveness watched, kill working);</li>
 * <li>finished: the agent sends the result it kept, which ends the job as it would have;</li>
 * <li>unknown (the agent restarted, or dropped it after its time-out): ERROR {@link #UNKNOWN};</li>
 * <li>the agent offline: the job waits until the agent comes back or its max duration ends it. Offline is no
 * proof that the script died: the agent may be cut off while it runs (and it kills the script itself at the
 * max duration), or come back with the result; ending the job early would report a failure that may not be one.</li>
 * </ul>
 * Only XMPP agents: the local agent's scripts are children of the engine's process and died with it.
 */
final class Reattach implements JobRecovery {

    static final String UNKNOWN = "the agent no longer knows the script (it restarted, or dropped its result): its outcome is unknown";
    private static final Logger LOG = LoggerFactory.getLogger(Reattach.class);
    private static final long OFFLINE_POLL_MILLIS = 500;
    /** Presences arrive just after our login: an agent is called offline only after this long. */
    private static final long OFFLINE_TOLD_MILLIS = 5000;
    private static final long QUERY_RETRY_MILLIS = 5000;

    private final Controller controller;
    private final Settings settings;

    Reattach(Controller controller, Settings settings) {
        this.controller = controller;
        this.settings = settings;
    }

    @Override
    public boolean recover(Job job) {
        XmppChannel xmpp = controller.xmpp();
        if (xmpp == null || job.agentGuid() == null || Settings.LOCAL.equals(job.agentGuid())) {
            return false;
        }
        ScriptJob sj = new ScriptJob(job.guid(), job.agentGuid(), xmpp, ScriptTokens.of(job));
        sj.attached = false;
        if (!controller.hold(sj)) {
            return false;
        }
        // held before we return: a result the agent sends meanwhile already finds its job
        Thread.ofVirtual().name("wfe-agent-reattach-" + job.guid()).start(() -> follow(sj, xmpp));
        return true;
    }

    private void follow(ScriptJob sj, XmppChannel xmpp) {
        try (AutoCloseable hook = controller.jobs().onKill(sj.guid, () -> controller.onKill(sj))) {
            LOG.info("job {}: taken over; asking agent {} about its script", sj.guid, LogText.escape(sj.agent));
            if (!attach(sj, xmpp)) {
                return;
            }
            CompletableFuture.anyOf(sj.result, sj.killed).join();
            if (sj.killedAs == null) {
                Outcome.finish(controller.jobs(), sj, sj.result.join());
                LOG.info("job {}: re-attached script on agent {} ended", sj.guid, LogText.escape(sj.agent));
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof org.wfe.api.agent.AgentLostException lost) {
                controller.fail(sj, lost.getMessage(), lost);
            }
        } catch (RuntimeException e) {
            // the job failed through Outcome (a non-zero exit is ScriptFailedException) or ended meanwhile: its state stands
            LOG.debug("job {}: {}", sj.guid, e.toString());
        } catch (Exception e) { // closing the kill hook throws nothing
            LOG.warn("job {}: {}", sj.guid, e.toString());
        } finally {
            controller.release(sj);
        }
    }

    /** Asks until the agent answers (or the job ends meanwhile); false when the job is over already. */
    private boolean attach(ScriptJob sj, XmppChannel xmpp) throws InterruptedException {
        boolean toldOffline = false;
        long offlineSince = System.currentTimeMillis();
        int failures = 0;
        while (!sj.result.isDone() && sj.killedAs == null) {
            if (!xmpp.online(sj.agent)) {
                if (!xmpp.authenticated()) {
                    offlineSince = System.currentTimeMillis(); // our session is not up yet: we cannot know
                } else if (!toldOffline && System.currentTimeMillis() - offlineSince > OFFLINE_TOLD_MILLIS) {
                    toldOffline = true;
                    LOG.warn("job {}: agent {} is offline; the job waits for it until its max duration", sj.guid, LogText.escape(sj.agent));
                }
                Thread.sleep(OFFLINE_POLL_MILLIS);
                continue;
            }
            ScriptStatus st;
            try {
                st = xmpp.query(sj.agent, new ScriptQuery(sj.guid, sj.token)).get(settings.ackTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // e.g. an agent older than protocol 1.2 refuses the query: it still sends its kept result by itself
                if (failures++ == 0) {
                    LOG.info("job {}: agent {} did not answer the query ({}); asking again every {} s", sj.guid, LogText.escape(sj.agent),
                            LogText.escape(e.getCause() == null ? e : e.getCause()), QUERY_RETRY_MILLIS / 1000);
                }
                pause(sj, QUERY_RETRY_MILLIS);
                continue;
            }
            LOG.info("job {}: agent {} says the script is {}", sj.guid, LogText.escape(sj.agent), st.state());
            if (st.state() == ScriptStatus.State.UNKNOWN) {
                controller.fail(sj, UNKNOWN, null);
                return false;
            }
            sj.attached = true; // from now on as any running script: an agent that goes away ends it ERROR
            return true;
        }
        return sj.killedAs == null;
    }

    /** Waits {@code millis}, less when the result comes or the job is killed meanwhile. */
    private static void pause(ScriptJob sj, long millis) throws InterruptedException {
        try {
            CompletableFuture.anyOf(sj.result, sj.killed).get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // judged by the caller's loop
        }
    }
}
