package org.wfe.job.controller.impl;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobEvents;

/** Posts job transitions on EventAdmin when one is there; called only once the transition is durable. */
final class EventPoster {

    private static final Logger LOG = LoggerFactory.getLogger(EventPoster.class);
    private volatile EventAdmin eventAdmin;
    private volatile java.util.function.Consumer<Job> finals = j -> { };

    /** Also told of every job state posted (the cluster's end signal for waiters on other nodes). */
    void onPost(java.util.function.Consumer<Job> listener) {
        finals = listener;
    }

    void eventAdmin(EventAdmin ea) {
        this.eventAdmin = ea;
    }

    void clear(EventAdmin ea) {
        if (eventAdmin == ea) {
            eventAdmin = null;
        }
    }

    void post(Job job) {
        finals.accept(job);
        EventAdmin ea = eventAdmin;
        if (ea == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>(8);
        props.put(JobEvents.PROP_GUID, job.guid());
        if (job.parentGuid() != null) {
            props.put(JobEvents.PROP_PARENT, job.parentGuid());
        }
        props.put(JobEvents.PROP_ROOT, job.rootGuid());
        props.put(JobEvents.PROP_ACTION, job.actionName());
        props.put(JobEvents.PROP_STATUS, job.status().name());
        try {
            ea.postEvent(new Event(JobEvents.topic(job.status()), props));
        } catch (RuntimeException e) {
            // EventAdmin going away while we post: events are a courtesy, the store is the truth
            LOG.debug("could not post event for job {}", job.guid(), e);
        }
    }
}
