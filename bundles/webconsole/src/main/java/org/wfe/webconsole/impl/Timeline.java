package org.wfe.webconsole.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.wfe.api.job.Job;

/**
 * A job tree as an inline SVG Gantt chart: one row per job (indented like the tree), a bar from its start
 * to its end (or to now while it runs) coloured by status, a hollow bar for the time a job waited before it
 * started. A slow step is a long bar, a failed one a red one. Every text goes through the encoder.
 */
final class Timeline {
    static final int LABEL = 280;
    static final int CHART = 640;
    static final int ROW = 20;
    static final int AXIS = 22;

    private Timeline() {
    }

    static String svg(JobTree tree, Instant now) {
        Instant begin = tree.begin();
        long span = Math.max(1, Duration.between(begin, tree.end(now)).toMillis());
        int height = AXIS + tree.rows().size() * ROW + 4;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class='wfe-timeline' xmlns='http://www.w3.org/2000/svg' width='").append(LABEL + CHART + 60)
                .append("' height='").append(height).append("' font-family='sans-serif' font-size='11'>");
        // axis: five ticks, seconds since the tree began
        for (int i = 0; i <= 4; i++) {
            double x = LABEL + CHART * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ddd'/>", x, AXIS - 4, x, height));
            sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='12' text-anchor='middle' fill='#555'>%s</text>", x,
                    ConsolePage.h(ConsolePage.human(Duration.ofMillis(span * i / 4)))));
        }
        int y = AXIS;
        for (JobTree.Row r : tree.rows()) {
            Job j = r.job();
            String label = "  ".repeat(r.depth()) + j.actionName();
            sb.append("<g class='wfe-bar' data-guid='").append(ConsolePage.a(j.guid())).append("' data-status='")
                    .append(ConsolePage.a(j.status().name())).append("'>");
            sb.append("<title>").append(ConsolePage.h(j.actionName() + " — " + j.status() + ", " + ConsolePage.human(j.duration(now))
                    + (j.agentGuid() == null ? "" : ", agent " + j.agentGuid())
                    + (j.userErrorMessage() == null ? "" : ": " + j.userErrorMessage()))).append("</title>");
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='#222' xml:space='preserve'>", 4 + r.depth() * 10, y + 14))
                    .append(ConsolePage.h(shorten(label.strip(), 40 - r.depth()))).append("</text>");
            String colour = ConsolePage.colour(j.status());
            Instant created = j.createTime() != null ? j.createTime() : begin;
            Instant start = j.startTime();
            Instant end = j.endTime() != null ? j.endTime() : now;
            if (start == null) { // never started: waited (hollow) until now or until it was killed
                bar(sb, x(created, begin, span), x(end, begin, span), y, colour, false);
            } else {
                if (start.isAfter(created)) {
                    bar(sb, x(created, begin, span), x(start, begin, span), y, colour, false);
                }
                bar(sb, x(start, begin, span), x(end, begin, span), y, colour, true);
            }
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='#555'>%s</text>", LABEL + CHART + 4, y + 14,
                    ConsolePage.h(ConsolePage.human(j.duration(now)))));
            sb.append("</g>");
            y += ROW;
        }
        return sb.append("</svg>").toString();
    }

    private static double x(Instant t, Instant begin, long span) {
        long ms = Math.max(0, Math.min(span, Duration.between(begin, t).toMillis()));
        return LABEL + CHART * (double) ms / span;
    }

    private static void bar(StringBuilder sb, double x1, double x2, int y, String colour, boolean filled) {
        double w = Math.max(2, x2 - x1); // a job of a few ms still shows
        sb.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%d' rx='2' fill='%s' fill-opacity='%s' stroke='%s'/>",
                x1, y + 3, w, ROW - 6, colour, filled ? "0.9" : "0.15", colour));
    }

    private static String shorten(String s, int max) {
        int m = Math.max(8, max);
        return s.length() <= m ? s : s.substring(0, m - 1) + "…";
    }
}
