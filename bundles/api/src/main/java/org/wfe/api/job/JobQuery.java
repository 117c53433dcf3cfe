package org.wfe.api.job;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A filter over jobs; null fields match everything. Results are newest first (create time, then guid, both
 * descending), so that "every job that touched machine 42 in the last week" is
 * {@code JobQuery.recent(50).withRootObject("machine", "42").createdBetween(weekAgo, null)}.
 *
 * <p>Paging: either {@code offset} or, cheaper over many pages, {@code after} (the {@link Cursor} of the
 * last job of the previous page): the store then seeks past it on its index instead of counting rows.
 *
 * @param actionName exact action name, or a prefix ending in {@code *}
 * @param rootsOnly only jobs without a parent
 * @param since created at or after (inclusive)
 * @param until created before (exclusive)
 * @param rootObjectType the root object's type ({@code machine}); with a null guid every job of that type
 * @param rootObjectGuid the root object's guid (needs the type: guids are unique per type only)
 * @param parentGuid direct children of this job
 * @param startedBy the user who started the job
 * @param endedSince ended at or after (inclusive); unfinished jobs never match an end-time bound
 * @param endedUntil ended before (exclusive)
 * @param after only jobs older than this cursor (in the result order)
 * @since 1.4 the fields from rootObjectType on
 */
public record JobQuery(JobStatus status, String actionName, String agentGuid, Instant since, Instant until,
        boolean rootsOnly, int offset, int limit, String rootObjectType, String rootObjectGuid, String parentGuid,
        String startedBy, Instant endedSince, Instant endedUntil, Cursor after) {

    public JobQuery {
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0");
        if (limit <= 0 || limit > 10_000) throw new IllegalArgumentException("limit must be within 1..10000");
        if (rootObjectGuid != null && rootObjectType == null) {
            throw new IllegalArgumentException("a root-object guid needs its type (guids are unique per type): type:guid");
        }
        if (after != null && offset != 0) {
            throw new IllegalArgumentException("page either by offset or by cursor, not both");
        }
    }

    /** The record as it was before 1.4. */
    public JobQuery(JobStatus status, String actionName, String agentGuid, Instant since, Instant until,
            boolean rootsOnly, int offset, int limit) {
        this(status, actionName, agentGuid, since, until, rootsOnly, offset, limit, null, null, null, null, null, null, null);
    }

    /**
     * Where a page ended: the create time and guid of its last job. Its text form
     * ({@code 2026-01-02T03:04:05.123Z,guid}) is what the API and the shell hand out as {@code next}.
     */
    public record Cursor(Instant createTime, String guid) {
        public Cursor {
            if (createTime == null || guid == null || guid.isEmpty()) {
                throw new IllegalArgumentException("a cursor needs a create time and a guid");
            }
        }

        /** True when {@code j} comes after this cursor in the result order (it is older). */
        public boolean isBefore(Job j) {
            int c = j.createTime().compareTo(createTime);
            return c < 0 || (c == 0 && j.guid().compareTo(guid) < 0);
        }

        public static Cursor of(Job last) {
            return new Cursor(last.createTime(), last.guid());
        }

        /** Reads the text form; a malformed one is refused with a message saying what is expected. */
        public static Cursor parse(String text) {
            int comma = text == null ? -1 : text.indexOf(',');
            if (comma <= 0 || comma == text.length() - 1) {
                throw new IllegalArgumentException("a cursor is <ISO instant>,<guid> as handed out in 'next', got '" + text + "'");
            }
            try {
                return new Cursor(Instant.parse(text.substring(0, comma)), text.substring(comma + 1));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("a cursor is <ISO instant>,<guid> as handed out in 'next', got '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return createTime + "," + guid;
        }
    }

    public static JobQuery recent(int limit) {
        return new JobQuery(null, null, null, null, null, false, 0, limit);
    }

    public JobQuery withStatus(JobStatus s) {
        return new JobQuery(s, actionName, agentGuid, since, until, rootsOnly, offset, limit, rootObjectType,
                rootObjectGuid, parentGuid, startedBy, endedSince, endedUntil, after);
    }

    public JobQuery withAction(String a) {
        return new JobQuery(status, a, agentGuid, since, until, rootsOnly, offset, limit, rootObjectType,
                rootObjectGuid, parentGuid, startedBy, endedSince, endedUntil, after);
    }

    public JobQuery withAgent(String a) {
        return new JobQuery(status, actionName, a, since, until, rootsOnly, offset, limit, rootObjectType,
                rootObjectGuid, parentGuid, startedBy, endedSince, endedUntil, after);
    }

    /** @since 1.4 */
    public JobQuery withRootObject(String type, String guid) {
        return new JobQuery(status, actionName, agentGuid, since, until, rootsOnly, offset, limit, type, guid,
                parentGuid, startedBy, endedSince, endedUntil, after);
    }

    /** @since 1.4 */
    public JobQuery withParent(String guid) {
        return new JobQuery(status, actionName, agentGuid, since, until, rootsOnly, offset, limit, rootObjectType,
                rootObjectGuid, guid, startedBy, endedSince, endedUntil, after);
    }

    /** @since 1.4 */
    public JobQuery withStartedBy(String user) {
        return new JobQuery(status, actionName, agentGuid, since, until, rootsOnly, offset, limit, rootObjectType,
                rootObjectGuid, parentGuid, user, endedSince, endedUntil, after);
    }

    /** Created in [from, to); either may be null. @since 1.4 */
    public JobQuery createdBetween(Instant from, Instant to) {
        return new JobQuery(status, actionName, agentGuid, from, to, rootsOnly, offset, limit, rootObjectType,
                rootObjectGuid, parentGuid, startedBy, endedSince, endedUntil, after);
    }

    /** Ended in [from, to); either may be null. @since 1.4 */
    public JobQuery endedBetween(Instant from, Instant to) {
        return new JobQuery(status, actionName, agentGuid, since, until, rootsOnly, offset, limit, rootObjectType,
                rootObjectGuid, parentGuid, startedBy, from, to, after);
    }

    public JobQuery page(int off, int lim) {
        return new JobQuery(status, actionName, agentGuid, since, until, rootsOnly, off, lim, rootObjectType,
                rootObjectGuid, parentGuid, startedBy, endedSince, endedUntil, after);
    }

    /** The page after {@code cursor} (null: the first page); the offset is reset. @since 1.4 */
    public JobQuery after(Cursor cursor) {
        return new JobQuery(status, actionName, agentGuid, since, until, rootsOnly, 0, limit, rootObjectType,
                rootObjectGuid, parentGuid, startedBy, endedSince, endedUntil, cursor);
    }

    /** True when {@code j} passes every filter (the cursor included); how a store without SQL applies it. @since 1.4 */
    public boolean matches(Job j) {
        return (status == null || status == j.status())
                && (actionName == null || (actionName.endsWith("*")
                        ? j.actionName() != null && j.actionName().startsWith(actionName.substring(0, actionName.length() - 1))
                        : actionName.equals(j.actionName())))
                && (agentGuid == null || agentGuid.equals(j.agentGuid()))
                && (since == null || !j.createTime().isBefore(since))
                && (until == null || j.createTime().isBefore(until))
                && (!rootsOnly || j.parentGuid() == null)
                && (rootObjectType == null || rootObjectType.equals(j.rootObjectType()))
                && (rootObjectGuid == null || rootObjectGuid.equals(j.rootObjectGuid()))
                && (parentGuid == null || parentGuid.equals(j.parentGuid()))
                && (startedBy == null || startedBy.equals(j.startedBy()))
                && (endedSince == null || (j.endTime() != null && !j.endTime().isBefore(endedSince)))
                && (endedUntil == null || (j.endTime() != null && j.endTime().isBefore(endedUntil)))
                && (after == null || after.isBefore(j));
    }

    /**
     * Reads a time bound as people and scripts write it: an ISO-8601 instant ({@code 2026-01-02T03:04:05Z}),
     * epoch milliseconds, or an age before {@code now} ({@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}).
     * The one parser behind the API's, the shell's and the console's {@code since}/{@code until}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     * @since 1.4
     */
    public static Instant parseTime(String text, Instant now) {
        String t = text == null ? "" : text.strip();
        try {
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(t));
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(t);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return now.minus(switch (m.group(2)) {
                    case "s" -> java.time.Duration.ofSeconds(n);
                    case "m" -> java.time.Duration.ofMinutes(n);
                    case "h" -> java.time.Duration.ofHours(n);
                    default -> java.time.Duration.ofDays(n);
                });
            }
            return Instant.parse(t);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("a time is an ISO-8601 instant (2026-01-02T03:04:05Z), epoch milliseconds"
                    + " or an age such as 15m, 24h, 7d; got '" + text + "'");
        }
    }

    /** The result order: create time, then guid, both descending (the order of the stores' indexes). @since 1.4 */
    public static final java.util.Comparator<Job> NEWEST_FIRST = java.util.Comparator.comparing(Job::createTime)
            .thenComparing(Job::guid).reversed();
}
