package dev.meridian.console.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A valid batch as the rows it adds to the database: its minutes summed per minute key (a node may send
 * one key twice, and one multi-row upsert must not touch a row twice) and the hours those minutes add
 * to. Rows are sorted by key, so concurrent ingests lock rows in one order and cannot deadlock.
 */
public record UsageRollup(List<EdgeRow> edgeMinutes, List<EdgeRow> edgeHours, List<SumRow> customerMinutes,
                          List<DnsRow> dnsMinutes, List<DnsRow> dnsHours, List<SumRow> dnsCustomerMinutes,
                          List<SumRow> networkMinutes, List<SumRow> dnsNetworkMinutes) {

    /** A row as {@link UsageTable} writes it: its start, its text columns in table order, its counts. */
    interface Row {
        Instant start();

        List<String> texts();

        long[] counts();
    }

    /** One edge_minute or edge_hour row: {@code counts} in {@link EdgeCounts#COLUMNS} order. */
    public record EdgeRow(Instant start, String customer, String property, String pop, long[] counts) implements Row {
        @Override
        public List<String> texts() {
            return List.of(customer, property, pop);
        }
    }

    /**
     * A row of a rollup that sums other rows over some of their columns: customer_minute
     * (customer, pop: requests, bytes to clients), network_minute (pop: the same), dns_customer_minute
     * (customer, answer, pop, node: decisions), dns_network_minute (answer, pop, node: decisions).
     */
    public record SumRow(Instant start, List<String> texts, long[] counts) implements Row {
    }

    /** One dns_minute row, or a dns_hour row ({@code clientBlock} null: hours are not kept per block). */
    public record DnsRow(Instant start, String customer, String hostname, String answer, String pop, String clientBlock,
                         String node, long decisions) implements Row {
        @Override
        public List<String> texts() {
            return clientBlock == null ? List.of(customer, hostname, answer, pop, node)
                    : List.of(customer, hostname, answer, pop, clientBlock, node);
        }

        @Override
        public long[] counts() {
            return new long[] {decisions};
        }
    }

    private record EdgeKey(String property, String pop, Instant start) {
    }

    private record DnsMinuteKey(String hostname, String answer, String clientBlock, String node, Instant start) {
    }

    private record DnsHourKey(String hostname, String answer, String pop, String node, Instant start) {
    }

    /** The primary keys' order: rows go into the index in order, and every ingest locks them in this order. */
    private static final Comparator<EdgeRow> EDGE_ORDER = Comparator.comparing(EdgeRow::pop)
            .thenComparing(EdgeRow::start).thenComparing(EdgeRow::property);
    private static final Comparator<DnsRow> DNS_ORDER = Comparator.comparing(DnsRow::node)
            .thenComparing(DnsRow::start).thenComparing(DnsRow::hostname).thenComparing(DnsRow::answer)
            .thenComparing(r -> r.clientBlock() == null ? "" : r.clientBlock()).thenComparing(DnsRow::pop);

    public static UsageRollup of(ValidBatch batch) {
        Map<EdgeKey, EdgeRow> minutes = new HashMap<>();
        for (ValidBatch.OwnedEdgeMinute m : batch.edge()) {
            EdgeRow row = new EdgeRow(m.row().minute(), m.customer(), m.property(), m.row().pop(), EdgeCounts.of(m.row()));
            EdgeRow had = minutes.putIfAbsent(new EdgeKey(row.property(), row.pop(), row.start()), row);
            if (had != null) {
                EdgeCounts.merge(had.counts(), row.counts());
            }
        }
        Map<EdgeKey, EdgeRow> hours = new HashMap<>();
        for (EdgeRow m : minutes.values()) {
            Instant hour = m.start().truncatedTo(ChronoUnit.HOURS);
            EdgeRow had = hours.get(new EdgeKey(m.property(), m.pop(), hour));
            if (had == null) {
                hours.put(new EdgeKey(m.property(), m.pop(), hour),
                        new EdgeRow(hour, m.customer(), m.property(), m.pop(), m.counts().clone()));
            } else {
                EdgeCounts.merge(had.counts(), m.counts());
            }
        }
        List<SumRow> customers = sums(minutes.values(), m -> List.of(m.customer(), m.pop()),
                m -> new long[] {m.counts()[0], m.counts()[1]}, 1);
        String node = batch.node().id();
        Map<DnsMinuteKey, DnsRow> dnsMinutes = new HashMap<>();
        for (ValidBatch.OwnedDnsMinute d : batch.dns()) {
            DnsMinuteKey key = new DnsMinuteKey(d.hostname(), d.row().answer(), d.row().clientBlock(), node, d.row().minute());
            // An answer's POP does not change within a minute; the first row's stands for the key.
            dnsMinutes.merge(key, new DnsRow(d.row().minute(), d.customer(), d.hostname(), d.row().answer(), d.pop(),
                    d.row().clientBlock(), node, d.row().decisions()), UsageRollup::add);
        }
        Map<DnsHourKey, DnsRow> dnsHours = new HashMap<>();
        for (DnsRow m : dnsMinutes.values()) {
            Instant hour = m.start().truncatedTo(ChronoUnit.HOURS);
            dnsHours.merge(new DnsHourKey(m.hostname(), m.answer(), m.pop(), m.node(), hour),
                    new DnsRow(hour, m.customer(), m.hostname(), m.answer(), m.pop(), null, m.node(), m.decisions()),
                    UsageRollup::add);
        }
        List<SumRow> dnsCustomers = sums(dnsMinutes.values(), m -> List.of(m.customer(), m.answer(), m.pop(), m.node()),
                DnsRow::counts, 3);
        List<SumRow> network = sums(customers, m -> List.of(m.texts().get(1)), SumRow::counts, 0);
        List<SumRow> dnsNetwork = sums(dnsCustomers, m -> m.texts().subList(1, 4), SumRow::counts, 2);
        return new UsageRollup(sorted(minutes.values(), EDGE_ORDER), sorted(hours.values(), EDGE_ORDER), customers,
                sorted(dnsMinutes.values(), DNS_ORDER), sorted(dnsHours.values(), DNS_ORDER), dnsCustomers, network,
                dnsNetwork);
    }

    /**
     * {@code rows} summed per minute and {@code texts}, in the summing table's key order: its sender column
     * ({@code texts} at {@code sender}: the edge's POP or the GTM's node), the minute, then the other texts.
     */
    private static <R extends Row> List<SumRow> sums(Collection<R> rows, Function<R, List<String>> texts,
                                                     Function<R, long[]> counts, int sender) {
        Map<SumKey, SumRow> sums = new HashMap<>();
        for (R row : rows) {
            List<String> key = texts.apply(row);
            long[] add = counts.apply(row);
            SumRow had = sums.putIfAbsent(new SumKey(row.start(), key), new SumRow(row.start(), key, add.clone()));
            if (had != null) {
                for (int i = 0; i < add.length; i++) {
                    had.counts()[i] += add[i];
                }
            }
        }
        Comparator<SumRow> order = Comparator.comparing((SumRow r) -> r.texts().get(sender)).thenComparing(SumRow::start);
        int columns = sums.isEmpty() ? 0 : sums.values().iterator().next().texts().size();
        for (int i = 0; i < columns; i++) {
            int column = i;
            if (column != sender) {
                order = order.thenComparing(r -> r.texts().get(column));
            }
        }
        return sorted(sums.values(), order);
    }

    private record SumKey(Instant start, List<String> texts) {
    }

    private static DnsRow add(DnsRow a, DnsRow b) {
        return new DnsRow(a.start(), a.customer(), a.hostname(), a.answer(), a.pop(), a.clientBlock(), a.node(),
                a.decisions() + b.decisions());
    }

    private static <T> List<T> sorted(Collection<T> rows, Comparator<T> order) {
        List<T> list = new ArrayList<>(rows);
        list.sort(order);
        return List.copyOf(list);
    }
}
