package org.wfe.drp.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.wfe.api.drp.InvalidObjectException;
import org.wfe.api.drp.RootObject;
import org.wfe.api.job.Job;
import org.wfe.api.job.LogLine;

/**
 * Turns a caller's write into a queued {@link Write}, on the caller's thread: checks it, encodes its JSON,
 * computes its search index. Whatever is refused here never reaches the writer.
 */
final class Validation {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Free text beyond this is cut (H2 holds up to 1,000,000 characters in a VARCHAR). */
    static final int MAX_TEXT = 200_000;

    private final TypeRegistry types;
    private final long maxSize;

    Validation(TypeRegistry types, long maxSize) {
        this.types = types;
        this.maxSize = maxSize;
    }

    Write.SaveObject saveObject(RootObject o) {
        if (o == null) {
            throw new InvalidObjectException("cannot save null");
        }
        knownType(o.type());
        String guid = guid(o.type(), o.guid());
        if (o.version() < 0) {
            throw new InvalidObjectException("version of " + o.type() + " " + guid + " is " + o.version()
                    + ": 0 creates an object, otherwise pass the version you read");
        }
        String json = Json.encode(o.body(), "body of " + o.type() + " " + guid);
        checkSize(json, "body of " + o.type() + " " + guid);
        Map<String, String> index = new LinkedHashMap<>();
        o.body().forEach((field, value) -> {
            String key = Json.indexKey(value);
            if (key != null && field.length() <= 200) {
                index.put(field, key);
            }
        });
        RootObject normal = new RootObject(o.type(), guid, o.version(), o.body(), o.created(), o.modified());
        return new Write.SaveObject(normal, json, index, new CompletableFuture<>());
    }

    void knownType(String type) {
        if (type == null || !types.isKnown(type)) {
            throw new InvalidObjectException("unknown root-object type '" + type + "'; known types: " + types.types()
                    + ". A bundle declares types in its Wfe-RootObjectTypes manifest header, or list them in the"
                    + " org.wfe.drp configuration (types)");
        }
    }

    /** The guid in lower case; anything but a UUID is refused. */
    static String guid(String type, String guid) {
        if (guid == null || !UUID.matcher(guid).matches()) {
            throw new InvalidObjectException("malformed guid '" + guid + "' for " + type
                    + ": a guid is a UUID such as 123e4567-e89b-42d3-a456-426614174000");
        }
        return guid.toLowerCase(Locale.ROOT);
    }

    /** The search keys of a find: top-level scalar fields only. */
    static Map<String, String> findKeys(Map<String, Object> fieldEquals) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (fieldEquals == null) {
            return keys;
        }
        fieldEquals.forEach((field, value) -> {
            if (field == null || field.isEmpty() || field.length() > 200) {
                throw new InvalidObjectException("cannot search field '" + field
                        + "': field names of 1 to 200 characters are indexed");
            }
            String key = Json.indexKey(value);
            if (key == null) {
                throw new InvalidObjectException("cannot search field '" + field + "' by a "
                        + value.getClass().getSimpleName() + ": find matches top-level strings, numbers, booleans"
                        + " and null");
            }
            keys.put(field, key);
        });
        return keys;
    }

    Write.SaveJob saveJob(Job j) {
        if (j == null) {
            throw new InvalidObjectException("cannot save a null job");
        }
        String what = "job " + j.guid();
        id(j.guid(), "guid", what, 100, true);
        if (j.status() == null) {
            throw new InvalidObjectException(what + " has no status");
        }
        id(j.parentGuid(), "parent guid", what, 100, false);
        id(j.rootGuid(), "root guid", what, 100, false);
        id(j.agentGuid(), "agent guid", what, 200, false);
        id(j.rootObjectType(), "root-object type", what, 100, false);
        id(j.rootObjectGuid(), "root-object guid", what, 100, false);
        id(j.actionName(), "action name", what, 1000, false);
        id(j.name(), "name", what, 1000, false);
        id(j.startedBy(), "startedBy", what, 200, false);
        id(j.killedBy(), "killedBy", what, 200, false);
        String params = Json.encode(j.params(), "params of " + what);
        checkSize(params, "params of " + what);
        String result = j.result() == null ? null : Json.encode(j.result(), "result of " + what);
        if (result != null) {
            checkSize(result, "result of " + what);
        }
        Job clean = new Job(j.guid(), j.parentGuid(), j.rootGuid(), j.actionName(), j.name(), text(j.description()),
                j.status(), j.createTime(), j.startTime(), j.endTime(), j.maxDuration(), j.order(), j.agentGuid(),
                j.rootObjectType(), j.rootObjectGuid(), j.params(), j.result(), text(j.userErrorMessage()),
                text(j.internalErrorMessage()), j.startedBy(), j.killedBy(), j.attempt());
        return new Write.SaveJob(clean, params, result, new CompletableFuture<>());
    }

    static Write.AppendLog appendLog(String jobGuid, Collection<LogLine> lines) {
        id(jobGuid, "guid", "log of job " + jobGuid, 100, true);
        if (lines == null) {
            throw new InvalidObjectException("log lines of job " + jobGuid + " are null");
        }
        List<LogLine> clean = new ArrayList<>(lines.size());
        for (LogLine l : lines) {
            if (l == null) {
                throw new InvalidObjectException("a log line of job " + jobGuid + " is null");
            }
            String source = text(l.source());
            clean.add(new LogLine(l.seq(), l.time(), l.level(),
                    source.length() > 1000 ? source.substring(0, 1000) : source, text(l.message())));
        }
        return new Write.AppendLog(jobGuid, clean, new CompletableFuture<>());
    }

    private static void id(String value, String name, String what, int max, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidObjectException(what + ": the " + name + " is missing");
            }
            return;
        }
        if ((required && value.isBlank()) || value.length() > max || value.indexOf('\0') >= 0) {
            throw new InvalidObjectException(what + ": the " + name + " must be 1 to " + max
                    + " characters without NUL, got " + value.length() + " characters");
        }
    }

    /** Free text as the stores can hold it: no NUL (PostgreSQL refuses it), at most {@link #MAX_TEXT}. */
    static String text(String s) {
        if (s == null) {
            return null;
        }
        String t = s.indexOf('\0') >= 0 ? s.replace('\0', '\uFFFD') : s;
        return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) + " [cut at " + MAX_TEXT + " characters]" : t;
    }

    private void checkSize(String json, String what) {
        // UTF-8 takes 1 to 3 bytes per char: count exactly only when the cheap bounds do not decide
        if ((long) json.length() * 3 <= maxSize) {
            return;
        }
        long bytes = utf8Length(json);
        if (bytes > maxSize) {
            throw new InvalidObjectException(String.format(Locale.ROOT,
                    "%s is %,d bytes of JSON, over the limit of %,d (maxObjectSize)", what, bytes, maxSize));
        }
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
