package org.wfe.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders figures as one aligned text table: benchmark, figure, value, ceiling, ratio. */
final class Table {

    static String render(Map<String, List<Figure>> results) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-10s %-52s %14s %14s %-8s %6s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "bench", "figure", "value", "ceiling", "unit", "ratio", "note"));
        results.forEach((bench, figures) -> {
            for (Figure f : figures) {
                sb.append(String.format(Locale.ROOT, fmt, bench, f.name(), num(f.value()), num(f.ceiling()), f.unit(),
                        Double.isNaN(f.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", f.ratio()), f.note()));
            }
        });
        return sb.toString();
    }

    private static String num(double d) {
        if (Double.isNaN(d)) {
            return "-";
        }
        return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private Table() {
    }
}
