package org.wfe.bench;

/**
 * One row of the benchmark table: a measured value next to the ceiling it is compared with.
 *
 * @param ceiling what the same work costs with the bare parts, measured in the same run; NaN when none
 * @param higherIsBetter true for rates, false for times and sizes (decides how the ratio reads)
 */
public record Figure(String name, double value, double ceiling, String unit, boolean higherIsBetter, String note) {

    public static Figure rate(String name, double value, double ceiling, String unit) {
        return new Figure(name, value, ceiling, unit, true, "");
    }

    public static Figure time(String name, double value, double ceiling, String unit) {
        return new Figure(name, value, ceiling, unit, false, "");
    }

    /** value / ceiling for rates, ceiling / value for times: 1.0 means as good as the bare parts. */
    public double ratio() {
        if (Double.isNaN(ceiling) || ceiling == 0 || value == 0) {
            return Double.NaN;
        }
        return higherIsBetter ? value / ceiling : ceiling / value;
    }

    public Figure withNote(String n) {
        return new Figure(name, value, ceiling, unit, higherIsBetter, n);
    }
}
