package dev.meridian.console.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A valid batch as the rows it adds to the database: its minutes summed per minute key (a node may send
 * one key twice, and one multi-row upsert must not touch a row twice) and the hours those minutes add
 * to. Rows are sorted by key, so concurrent ingests lock rows in one order and cannot deadlock.
 */
public record UsageRollup(List<EdgeRow> edgeMinutes, List<EdgeRow> edgeHours, List<CustomerRow> customerMinutes,
                          List<DnsRow> dnsMinutes, List<DnsRow> dnsHours, List<DnsCustomerRow> dnsCustomerMinutes,
                          List<NetworkRow> networkMinutes, List<DnsNetworkRow> dnsNetworkMinutes) {

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

    /** One customer_minute row: a customer's requests and bytes to clients on one POP in one minute. */
    public record CustomerRow(Instant start, String customer, String pop, long requests, long bytes) implements Row {
        @Override
        public List<String> texts() {
            return List.of(customer, pop);
        }

        @Override
        public long[] counts() {
            return new long[] {requests, bytes};
        }
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

    /** One dns_customer_minute row: a customer's decisions for one answer and POP by one GTM node in one minute. */
    public record DnsCustomerRow(Instant start, String customer, String answer, String pop, String node, long decisions)
            implements Row {
        @Override
        public List<String> texts() {
            return List.of(customer, answer, pop, node);
        }

        @Override
        public long[] counts() {
            return new long[] {decisions};
        }
    }

    /** One network_minute row: every customer's requests and bytes to clients on one POP in one minute. */
    public record NetworkRow(Instant start, String pop, long requests, long bytes) implements Row {
        @Override
        public List<String> texts() {
            return List.of(pop);
        }

        @Override
        public long[] counts() {
            return new long[] {requests, bytes};
        }
    }

    /** One dns_network_minute row: every customer's decisions for one answer and POP by one GTM node in one minute. */
    public record DnsNetworkRow(Instant start, String answer, String pop, String node, long decisions) implements Row {
        @Override
        public List<String> texts() {
            return List.of(answer, pop, node);
        }

        @Override
        public long[] counts() {
            return new long[] {decisions};
        }
    }

    private record EdgeKey(String property, String pop, Instant start) {
    }

    private record CustomerKey(String customer, String pop, Instant start) {
    }

    private record DnsMinuteKey(String hostname, String answer, String clientBlock, String node, Instant start) {
    }

    private record DnsCustomerKey(String customer, String answer, String pop, Instant start) {
    }

    private record NetworkKey(String pop, Instant start) {
    }

    private record DnsNetworkKey(String answer, String pop, Instant start) {
    }

    private record DnsHourKey(String hostname, String answer, String pop, String node, Instant start) {
    }

    /** The primary keys' order: rows go into the index in order, and every ingest locks them in this order. */
    private static final Comparator<EdgeRow> EDGE_ORDER = Comparator.comparing(EdgeRow::pop)
            .thenComparing(EdgeRow::start).thenComparing(EdgeRow::property);
    private static final Comparator<CustomerRow> CUSTOMER_ORDER = Comparator.comparing(CustomerRow::pop)
            .thenComparing(CustomerRow::start).thenComparing(CustomerRow::customer);
    private static final Comparator<DnsRow> DNS_ORDER = Comparator.comparing(DnsRow::node)
            .thenComparing(DnsRow::start).thenComparing(DnsRow::hostname).thenComparing(DnsRow::answer)
            .thenComparing(r -> r.clientBlock() == null ? "" : r.clientBlock()).thenComparing(DnsRow::pop);
    private static final Comparator<DnsCustomerRow> DNS_CUSTOMER_ORDER = Comparator.comparing(DnsCustomerRow::node)
            .thenComparing(DnsCustomerRow::start).thenComparing(DnsCustomerRow::customer)
            .thenComparing(DnsCustomerRow::answer).thenComparing(DnsCustomerRow::pop);
    private static final Comparator<NetworkRow> NETWORK_ORDER = Comparator.comparing(NetworkRow::pop)
            .thenComparing(NetworkRow::start);
    private static final Comparator<DnsNetworkRow> DNS_NETWORK_ORDER = Comparator.comparing(DnsNetworkRow::node)
            .thenComparing(DnsNetworkRow::start).thenComparing(DnsNetworkRow::answer).thenComparing(DnsNetworkRow::pop);

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
        Map<CustomerKey, CustomerRow> customers = new HashMap<>();
        for (EdgeRow m : minutes.values()) {
            customers.merge(new CustomerKey(m.customer(), m.pop(), m.start()),
                    new CustomerRow(m.start(), m.customer(), m.pop(), m.counts()[0], m.counts()[1]),
                    (a, b) -> new CustomerRow(a.start(), a.customer(), a.pop(), a.requests() + b.requests(),
                            a.bytes() + b.bytes()));
        }
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
        Map<DnsCustomerKey, DnsCustomerRow> dnsCustomers = new HashMap<>();
        for (DnsRow m : dnsMinutes.values()) {
            dnsCustomers.merge(new DnsCustomerKey(m.customer(), m.answer(), m.pop(), m.start()),
                    new DnsCustomerRow(m.start(), m.customer(), m.answer(), m.pop(), node, m.decisions()),
                    (a, b) -> new DnsCustomerRow(a.start(), a.customer(), a.answer(), a.pop(), a.node(),
                            a.decisions() + b.decisions()));
        }
        Map<NetworkKey, NetworkRow> network = new HashMap<>();
        for (CustomerRow m : customers.values()) {
            network.merge(new NetworkKey(m.pop(), m.start()), new NetworkRow(m.start(), m.pop(), m.requests(), m.bytes()),
                    (a, b) -> new NetworkRow(a.start(), a.pop(), a.requests() + b.requests(), a.bytes() + b.bytes()));
        }
        Map<DnsNetworkKey, DnsNetworkRow> dnsNetwork = new HashMap<>();
        for (DnsCustomerRow m : dnsCustomers.values()) {
            dnsNetwork.merge(new DnsNetworkKey(m.answer(), m.pop(), m.start()),
                    new DnsNetworkRow(m.start(), m.answer(), m.pop(), node, m.decisions()),
                    (a, b) -> new DnsNetworkRow(a.start(), a.answer(), a.pop(), a.node(), a.decisions() + b.decisions()));
        }
        return new UsageRollup(sorted(minutes.values(), EDGE_ORDER), sorted(hours.values(), EDGE_ORDER),
                sorted(customers.values(), CUSTOMER_ORDER), sorted(dnsMinutes.values(), DNS_ORDER),
                sorted(dnsHours.values(), DNS_ORDER), sorted(dnsCustomers.values(), DNS_CUSTOMER_ORDER),
                sorted(network.values(), NETWORK_ORDER), sorted(dnsNetwork.values(), DNS_NETWORK_ORDER));
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
