package org.wfe.http.impl;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.wfe.api.action.TaskletInfo;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.drp.DrpStatus;
import org.wfe.api.job.Job;
import org.wfe.api.job.LogLine;

/**
 * The JSON shapes of the API as plain maps (field names are part of the contract, listed in openapi.json).
 * Instants are ISO-8601 strings so that no Jackson time module is needed.
 */
final class Views {
    private Views() {
    }

    static Map<String, Object> job(Job j, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("guid", j.guid());
        m.put("parent", j.parentGuid());
        m.put("root", j.rootGuid());
        m.put("action", j.actionName());
        m.put("name", j.name());
        m.put("description", j.description());
        m.put("status", j.status().name());
        m.put("order", j.order());
        m.put("agent", j.agentGuid());
        m.put("rootObjectType", j.rootObjectType());
        m.put("rootObjectGuid", j.rootObjectGuid());
        m.put("created", str(j.createTime()));
        m.put("started", str(j.startTime()));
        m.put("ended", str(j.endTime()));
        m.put("durationMillis", j.duration(now).toMillis());
        m.put("maxDuration", j.maxDuration());
        m.put("params", j.params());
        m.put("result", j.result());
        m.put("error", j.userErrorMessage());
        m.put("internalError", j.internalErrorMessage());
        m.put("startedBy", j.startedBy());
        m.put("killedBy", j.killedBy());
        m.put("attempt", j.attempt());
        return m;
    }

    static Map<String, Object> logLine(LogLine l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", l.seq());
        m.put("time", str(l.time()));
        m.put("level", l.level().name());
        m.put("source", l.source());
        m.put("message", l.message());
        return m;
    }

    static Map<String, Object> tasklet(TaskletInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", t.kind());
        m.put("name", t.name());
        m.put("actions", t.actions());
        m.put("priority", t.priority());
        m.put("className", t.className());
        m.put("bundle", t.bundle());
        m.put("bundleId", t.bundleId());
        m.put("state", t.state());
        m.put("problem", t.problem());
        return m;
    }

    static Map<String, Object> agent(AgentInfo a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("guid", a.guid());
        m.put("acceptance", a.acceptance().label());
        m.put("online", a.online());
        m.put("lastSeen", str(a.lastSeen()));
        m.put("runningJobs", a.runningJobs() == null ? List.of() : a.runningJobs());
        m.put("firstSeen", str(a.firstSeen()));
        m.put("labels", new java.util.TreeMap<>(a.labels()));
        m.put("facts", new java.util.TreeMap<>(a.facts()));
        return m;
    }

    static Map<String, Object> drp(DrpStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", s.store());
        m.put("location", s.location());
        m.put("up", s.up());
        m.put("lastError", s.lastError());
        m.put("queueDepth", s.queueDepth());
        m.put("commitsPerSecond", s.commitsPerSecond());
        m.put("writesPerSecond", s.writesPerSecond());
        m.put("committedWrites", s.committedWrites());
        m.put("schemaVersion", s.schemaVersion());
        return m;
    }

    static Map<String, Object> error(int status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("code", code);
        m.put("message", message);
        return m;
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
