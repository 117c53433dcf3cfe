package org.wfe.api.text;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators read and type them: {@code 90}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}
 * or {@code 1h30m}, and back ({@code 0.250s}, {@code 4m05s}, {@code 1h02m03s}). java.time's ISO form
 * ({@code PT1H30M}) is accepted as well; it is what a program might send.
 */
public final class Durations {

    private static final Pattern PARTS = Pattern.compile("(\\d+)([dhms]?)");

    /** Ten years: more is a typo, and would overflow the deadline arithmetic sooner or later. */
    public static final long MAX_SECONDS = 3_650L * 86_400L;

    /** A positive whole number of seconds, at most {@link #MAX_SECONDS}; a bare number is seconds. */
    public static long parseSeconds(String text, String what) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        long total = 0;
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                total = Duration.parse(s.toUpperCase(Locale.ROOT)).toSeconds();
            } else {
                Matcher m = PARTS.matcher(s);
                int at = 0;
                while (at < s.length() && m.find(at) && m.start() == at) {
                    long n = Long.parseLong(m.group(1));
                    total = Math.addExact(total, Math.multiplyExact(n, switch (m.group(2)) {
                        case "d" -> 86_400L;
                        case "h" -> 3_600L;
                        case "m" -> 60L;
                        default -> 1L;
                    }));
                    at = m.end();
                    if (m.group(2).isEmpty() && m.start() > 0) {
                        at = -1; // a bare number is seconds only alone: "1h30" is not clear
                        break;
                    }
                }
                if (at != s.length() || s.isEmpty()) {
                    total = -1;
                }
            }
        } catch (RuntimeException e) { // DateTimeParseException, ArithmeticException
            total = -1;
        }
        if (total <= 0 || total > MAX_SECONDS) {
            throw new IllegalArgumentException(what + " must be a positive duration such as 90, 90s, 10m, 2h, 1d or 1h30m (at most 3650d), got '"
                    + org.wfe.api.job.LogText.escape(text == null ? "" : text) + "'");
        }
        return total;
    }

    /** For people: milliseconds under a minute, then minutes and seconds, then hours. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        return s < 3_600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3_600, (s / 60) % 60, s % 60);
    }

    private Durations() {
    }
}
