package dev.meridian.console.chart;

/**
 * What a chart's y axis counts, with its names per power of 1000 (SI prefixes, as network rates are
 * quoted: 1 Mbit/s is 1,000,000 bit/s).
 */
public enum Unit {
    BITS_PER_SECOND(" bit/s", " kbit/s", " Mbit/s", " Gbit/s", " Tbit/s"),
    PER_SECOND("/s", "k/s", "M/s", "G/s"),
    PER_MINUTE("/min", "k/min", "M/min", "G/min");

    private final String[] names;

    Unit(String... names) {
        this.names = names;
    }

    /** The power of 1000 to label values up to {@code top} in: the largest that keeps {@code top} at 1 or more. */
    int power(double top) {
        int power = 0;
        while (power < names.length - 1 && top >= Math.pow(1000, power + 1)) {
            power++;
        }
        return power;
    }

    String name(int power) {
        return names[power];
    }
}
