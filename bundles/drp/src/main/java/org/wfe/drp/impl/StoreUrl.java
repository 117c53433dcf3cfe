package org.wfe.drp.impl;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.wfe.api.drp.DrpException;

/**
 * The store URL is configuration that can run code: H2 runs SQL (and Java aliases) from {@code INIT=} or
 * {@code RUNSCRIPT}, writes files with {@code TRACE_LEVEL_FILE}; the PostgreSQL driver loads classes named
 * by {@code socketFactory}, {@code sslfactory}, {@code authenticationPluginClassName} and writes
 * {@code loggerFile}. So only an H2 file or a PostgreSQL server is accepted, with options from a short
 * allow-list (a deny-list would miss the next driver release's option). The message names the refused
 * option, never its value (it may be a password).
 */
final class StoreUrl {

    static final String H2_PREFIX = "jdbc:h2:file:";
    static final String PG_PREFIX = "jdbc:postgresql:";
    /** Tuning only, each a number. */
    static final Set<String> H2_OPTIONS = Set.of("WRITE_DELAY", "CACHE_SIZE", "LOCK_TIMEOUT", "MAX_COMPACT_TIME");
    /** Connection, TLS and tuning settings that name no class and write no file (exact spelling, as the driver reads them). */
    static final Set<String> PG_OPTIONS = Set.of("user", "password", "ssl", "sslmode", "sslrootcert", "connectTimeout",
            "socketTimeout", "loginTimeout", "tcpKeepAlive", "ApplicationName", "currentSchema", "targetServerType",
            "reWriteBatchedInserts");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");
    /** //host[:port][,host[:port]...]/database, or just a database name: no escapes, no fragments. */
    private static final Pattern PG_TARGET = Pattern.compile("(//[A-Za-z0-9._\\-\\[\\]:,]+(/[A-Za-z0-9_.$\\-]*)?|[A-Za-z0-9_.$\\-]+|/)");
    private static final Pattern SCHEME = Pattern.compile("jdbc:[A-Za-z0-9]{1,20}:([A-Za-z0-9]{1,20}:)?");
    private static final Pattern PG_KEY = Pattern.compile("[A-Za-z]+");

    private StoreUrl() {
    }

    /** Refuses an H2 URL that is not a plain file with allowed options. */
    static void checkH2(String url) {
        if (!url.startsWith(H2_PREFIX)) {
            throw new DrpException("url: store=h2 takes a " + H2_PREFIX + "<path> url, got " + kind(url));
        }
        String[] parts = url.substring(H2_PREFIX.length()).split(";", -1);
        String path = parts[0].strip();
        if (path.isEmpty() || path.contains(":")) {
            throw new DrpException("url: the H2 file path must be a plain path, e.g. " + H2_PREFIX + "/srv/wfe/var/db/wfe");
        }
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String key = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).strip().toUpperCase(Locale.ROOT);
            if (!H2_OPTIONS.contains(key)) {
                throw refused(key, H2_OPTIONS);
            }
            if (eq < 0 || !NUMBER.matcher(parts[i].substring(eq + 1).strip()).matches()) {
                throw new DrpException("url: H2 option " + key + " takes a whole number");
            }
        }
    }

    /** Refuses a PostgreSQL URL whose options are not all on the allow-list. */
    static void checkPostgresql(String url) {
        if (!url.startsWith(PG_PREFIX)) {
            throw new DrpException("url: store=postgresql takes a " + PG_PREFIX + "//host:port/database url, got " + kind(url));
        }
        String rest = url.substring(PG_PREFIX.length());
        int q = rest.indexOf('?');
        String target = q < 0 ? rest : rest.substring(0, q);
        if (!PG_TARGET.matcher(target).matches()) {
            throw new DrpException("url: the PostgreSQL server must be //host:port/database, e.g. jdbc:postgresql://db.example:5432/wfe");
        }
        if (q < 0) {
            return;
        }
        for (String pair : rest.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (!PG_KEY.matcher(key).matches() || !PG_OPTIONS.contains(key)) {
                throw refused(key, PG_OPTIONS);
            }
        }
    }

    private static DrpException refused(String key, Set<String> allowed) {
        String shown = key.length() > 40 ? key.substring(0, 40) + "..." : key;
        return new DrpException("url: option '" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not allowed (allowed: "
                + String.join(", ", new TreeSet<>(allowed)) + ")");
    }

    /** The URL's scheme part only: the rest may carry a password. */
    private static String kind(String url) {
        java.util.regex.Matcher m = SCHEME.matcher(url);
        return m.lookingAt() ? "'" + m.group() + "...'" : "something that is not a JDBC url";
    }
}
