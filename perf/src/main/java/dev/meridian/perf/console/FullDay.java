package dev.meridian.perf.console;

import dev.meridian.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a full day of usage for the page-time benchmark and the screenshot: {@code customers} ×
 * {@code propertiesPerCustomer} properties, each served by every POP every minute of the 24 h before
 * {@code end} (per-minute and hourly edge rollups), and answered by the GTM with each POP's address
 * (per-minute and hourly DNS rollups). Traffic follows a day's curve with noise, property sizes a
 * long tail, so the charts look like traffic; the same seed gives the same rows. The GTM answers each
 * property with one POP a minute, in turn.
 */
public final class FullDay {
    /** The POPs and the address the GTM answers with for each. */
    static final List<String> POPS = List.of("sjc", "iad", "fra");
    private static final double[] POP_SHARE = {0.5, 0.3, 0.2};
    private static final int BATCH = 2_000;

    private final int customers;
    private final int propertiesPerCustomer;

    FullDay(int customers, int propertiesPerCustomer) {
        this.customers = customers;
        this.propertiesPerCustomer = propertiesPerCustomer;
    }

    static String customer(int c) {
        return String.format(Locale.ROOT, "c%02d", c);
    }

    static String property(int c, int p) {
        return String.format(Locale.ROOT, "p%03d.%s.cdn.test", p, customer(c));
    }

    static String answer(int pop) {
        return "192.0.2." + (11 + pop);
    }

    int customers() {
        return customers;
    }

    int properties() {
        return customers * propertiesPerCustomer;
    }

    /** The network config naming every generated customer and property (the portal's property lists come from it). */
    String configYaml() {
        StringBuilder yaml = new StringBuilder(64 * properties()).append("pops:\n");
        for (String pop : POPS) {
            yaml.append("  - id: ").append(pop).append("\n    edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 }\n");
        }
        yaml.append("customers:\n");
        for (int c = 0; c < customers; c++) {
            yaml.append("  - id: ").append(customer(c)).append("\n    properties:\n");
            for (int p = 0; p < propertiesPerCustomer; p++) {
                yaml.append("      - host: ").append(property(c, p)).append('\n')
                        .append("        origins: [ { host: origin.").append(property(c, p)).append(", url: \"http://127.0.0.1:9\" } ]\n");
            }
        }
        return yaml.toString();
    }

    /** Inserts the day's rows; returns how many. */
    long fill(Database database, Instant end) throws SQLException {
        Instant first = end.truncatedTo(ChronoUnit.MINUTES).minus(24, ChronoUnit.HOURS);
        long rows = 0;
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement edgeMinute = connection.prepareStatement(edgeInsert("edge_minute", "minute_start"));
                 PreparedStatement edgeHour = connection.prepareStatement(edgeInsert("edge_hour", "hour_start"));
                 PreparedStatement dnsMinute = connection.prepareStatement("INSERT INTO dns_minute (minute_start, customer,"
                         + " hostname, answer, pop, client_block, node, decisions) VALUES (?, ?, ?, ?, ?, '0.0.0.0/0', 'gtm', ?)");
                 PreparedStatement dnsHour = connection.prepareStatement("INSERT INTO dns_hour (hour_start, customer,"
                         + " hostname, answer, pop, node, decisions) VALUES (?, ?, ?, ?, ?, 'gtm', ?)")) {
                int pending = 0;
                for (int c = 0; c < customers; c++) {
                    for (int p = 0; p < propertiesPerCustomer; p++) {
                        SplittableRandom random = new SplittableRandom(c * 100_003L + p);
                        // A long tail: a few big properties, many small ones.
                        double size = 2_000.0 / Math.pow(1 + c * propertiesPerCustomer + p, 0.7);
                        for (int pop = 0; pop < POPS.size(); pop++) {
                            long[] hour = new long[6];
                            Instant hourStart = null;
                            for (int m = 0; m < 1440; m++) {
                                Instant minute = first.plus(m, ChronoUnit.MINUTES);
                                long requests = Math.round(size * POP_SHARE[pop] * daily(minute) * (0.85 + 0.3 * random.nextDouble()));
                                long bytes = requests * (20_000 + random.nextInt(60_000));
                                long hits = Math.round(requests * 0.92);
                                long origin = (requests - hits) * 50_000;
                                long decisions = Math.max(1, requests / 40);
                                bindEdge(edgeMinute, minute, c, p, pop, requests, bytes, hits, origin);
                                edgeMinute.addBatch();
                                rows++;
                                if ((m + p) % POPS.size() == pop) {
                                    bindDns(dnsMinute, minute, c, p, pop, decisions);
                                    dnsMinute.addBatch();
                                    hour[4] += decisions;
                                    rows++;
                                }
                                Instant h = minute.truncatedTo(ChronoUnit.HOURS);
                                if (hourStart != null && !h.equals(hourStart)) {
                                    rows += addHour(edgeHour, dnsHour, hourStart, c, p, pop, hour);
                                    hour = new long[6];
                                }
                                hourStart = h;
                                hour[0] += requests;
                                hour[1] += bytes;
                                hour[2] += hits;
                                hour[3] += origin;
                                if (++pending >= BATCH) {
                                    flush(connection, edgeMinute, dnsMinute, edgeHour, dnsHour);
                                    pending = 0;
                                }
                            }
                            rows += addHour(edgeHour, dnsHour, hourStart, c, p, pop, hour);
                        }
                        if ((c * propertiesPerCustomer + p + 1) % 100 == 0) {
                            System.out.printf(Locale.ROOT, "  %d of %d properties%n", c * propertiesPerCustomer + p + 1, properties());
                        }
                    }
                }
                flush(connection, edgeMinute, dnsMinute, edgeHour, dnsHour);
            }
            // What ingest keeps beside the per-property and per-hostname minutes (per customer, then
            // over the network), in one statement each here.
            try (PreparedStatement customerMinute = connection.prepareStatement("INSERT INTO customer_minute (minute_start,"
                    + " customer, pop, requests, bytes_to_clients) SELECT minute_start, customer, pop, SUM(requests),"
                    + " SUM(bytes_to_clients) FROM edge_minute GROUP BY minute_start, customer, pop")) {
                rows += customerMinute.executeUpdate();
            }
            try (PreparedStatement dnsCustomerMinute = connection.prepareStatement("INSERT INTO dns_customer_minute"
                    + " (minute_start, customer, answer, pop, node, decisions) SELECT minute_start, customer, answer, pop,"
                    + " node, SUM(decisions) FROM dns_minute GROUP BY minute_start, customer, answer, pop, node")) {
                rows += dnsCustomerMinute.executeUpdate();
            }
            try (PreparedStatement networkMinute = connection.prepareStatement("INSERT INTO network_minute (minute_start, pop,"
                    + " requests, bytes_to_clients) SELECT minute_start, pop, SUM(requests), SUM(bytes_to_clients)"
                    + " FROM customer_minute GROUP BY minute_start, pop")) {
                rows += networkMinute.executeUpdate();
            }
            try (PreparedStatement dnsNetworkMinute = connection.prepareStatement("INSERT INTO dns_network_minute"
                    + " (minute_start, answer, pop, node, decisions) SELECT minute_start, answer, pop, node, SUM(decisions)"
                    + " FROM dns_customer_minute GROUP BY minute_start, answer, pop, node")) {
                rows += dnsNetworkMinute.executeUpdate();
            }
            connection.commit();
        }
        return rows;
    }

    /** Busiest in the (UTC) evening, quietest before dawn. */
    private static double daily(Instant minute) {
        double hour = minute.atOffset(ZoneOffset.UTC).getHour() + minute.atOffset(ZoneOffset.UTC).getMinute() / 60.0;
        return 0.55 + 0.45 * Math.sin(2 * Math.PI * (hour - 13) / 24);
    }

    private static String edgeInsert(String table, String time) {
        return "INSERT INTO " + table + " (" + time + ", customer, property, pop, requests, bytes_to_clients, hits,"
                + " misses, bytes_from_origin, status_2xx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private void bindEdge(PreparedStatement insert, Instant at, int c, int p, int pop, long requests, long bytes,
                          long hits, long origin) throws SQLException {
        insert.setObject(1, at.atOffset(ZoneOffset.UTC));
        insert.setString(2, customer(c));
        insert.setString(3, property(c, p));
        insert.setString(4, POPS.get(pop));
        insert.setLong(5, requests);
        insert.setLong(6, bytes);
        insert.setLong(7, hits);
        insert.setLong(8, requests - hits);
        insert.setLong(9, origin);
        insert.setLong(10, requests);
    }

    private void bindDns(PreparedStatement insert, Instant at, int c, int p, int pop, long decisions) throws SQLException {
        insert.setObject(1, at.atOffset(ZoneOffset.UTC));
        insert.setString(2, customer(c));
        insert.setString(3, property(c, p));
        insert.setString(4, answer(pop));
        insert.setString(5, POPS.get(pop));
        insert.setLong(6, decisions);
    }

    private int addHour(PreparedStatement edgeHour, PreparedStatement dnsHour, Instant hour, int c, int p, int pop,
                        long[] sums) throws SQLException {
        bindEdge(edgeHour, hour, c, p, pop, sums[0], sums[1], sums[2], sums[3]);
        edgeHour.addBatch();
        bindDns(dnsHour, hour, c, p, pop, sums[4]);
        dnsHour.addBatch();
        return 2;
    }

    private static void flush(Connection connection, PreparedStatement... inserts) throws SQLException {
        for (PreparedStatement insert : inserts) {
            insert.executeBatch();
        }
        connection.commit();
    }
}
