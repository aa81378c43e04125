package dev.meridian.console.chart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A value axis from 0 with round ticks (1, 2, 2.5 or 5 times a power of ten apart) that reaches at
 * least the largest value, labelled in the unit's prefix that suits its top, e.g. 0, 2.5, 5, 7.5, 10 Mbit/s.
 *
 * @param step  the distance between ticks, in base units
 * @param top   the last tick, the axis's end
 * @param power the power of 1000 the labels are in
 */
public record Axis(Unit unit, double step, double top, int power) {
    private static final double[] NICE = {1, 2, 2.5, 5, 10};
    private static final int TARGET_TICKS = 4;

    /** The axis for values up to {@code max}; an all-zero chart gets 0 to 1 (of the base unit). */
    public static Axis of(Unit unit, double max) {
        if (!(max > 0)) {
            return new Axis(unit, 0.25, 1, 0);
        }
        double rough = max / TARGET_TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = magnitude * NICE[NICE.length - 1];
        for (double nice : NICE) {
            if (nice * magnitude >= rough * (1 - 1e-9)) {
                step = nice * magnitude;
                break;
            }
        }
        double top = Math.ceil(max / step - 1e-9) * step;
        return new Axis(unit, step, top, unit.power(top));
    }

    /** Every tick from 0 to {@link #top}. */
    public List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        long count = Math.round(top / step);
        for (long i = 0; i <= count; i++) {
            ticks.add(i * step);
        }
        return ticks;
    }

    /** The label of a tick: in the axis's prefix, no more decimals than the step needs, e.g. "7.5 Mbit/s". */
    public String label(double value) {
        double scale = Math.pow(1000, power);
        BigDecimal scaled = BigDecimal.valueOf(value / scale).setScale(decimals(step / scale), RoundingMode.HALF_UP);
        return scaled.stripTrailingZeros().toPlainString() + unit.name(power);
    }

    private static int decimals(double scaledStep) {
        int decimals = 0;
        while (decimals < 6 && Math.abs(scaledStep * Math.pow(10, decimals) - Math.rint(scaledStep * Math.pow(10, decimals))) > 1e-6) {
            decimals++;
        }
        return decimals;
    }
}
