import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostnameDnsConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.ProbesConfig;
import dev.meridian.gtm.dns.QueryHandler;
import dev.meridian.probe.emulation.EmulatedMethod;
import dev.meridian.probe.emulation.EmulatedNetwork;
import dev.meridian.probe.latency.LatencyAgent;
import dev.meridian.gtm.latency.LatencyAgentClient;
import dev.meridian.gtm.latency.LatencyTable;
import dev.meridian.gtm.latency.MeasurementRequests;
import dev.meridian.probe.latency.MeasurementSink;
import dev.meridian.gtm.live.MeasuringNetworkState;
import dev.meridian.gtm.live.StateFeeder;
import dev.meridian.gtm.load.LoadBoard;
import dev.meridian.probe.load.LoadReport;
import dev.meridian.gtm.map.Contest;
import dev.meridian.gtm.map.GeoFallback;
import dev.meridian.gtm.map.LatencyMap;
import dev.meridian.core.net.Cidr;
import dev.meridian.gtm.observability.DecisionRecorder;
import dev.meridian.gtm.policy.LossPenalty;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.probe.HealthBoard;
import dev.meridian.gtm.probe.HealthPolicy;
import dev.meridian.probe.service.ProbeError;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.gtm.probe.Transition;
import dev.meridian.gtm.state.InMemoryNetworkState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Steering quality of the GTM, in simulated time: POPs, client blocks spread over the globe, an
 * EMULATED RTT and loss matrix, load reports, a failure schedule and random probe loss, driving the
 * real pipeline (health board with hysteresis and vantage voting, latency agents with the emulated
 * method, decaying averages, block map, state feeder, network state, and the DNS query handler with
 * its policy chain answering ECS queries as wire packets). Prints the share of answers that went to
 * the optimal POP after warm-up, failover times and flaps.
 *
 *   java -cp ... [-Dattempts=N] [-DfreshForSeconds=S] [-DcontestedFreshForSeconds=S] [-DcontestedMarginMs=M]
 *        [-DrankToleranceMs=T] SteeringSimulation.java [seed] [vantagePoints] [probeLoss] [blocks] [lossyShare]
 *
 * lossyShare is the share of POP-to-block links given 3-8% packet loss (default 0.1); the others lose
 * 0-0.2%. The -D knobs override the latency config defaults (dns.probes.latency) and the hostname's
 * rankTolerance for an experiment; the figures quoted come from the defaults.
 */
public class SteeringSimulation {
    record Pop(String id, String ip, double lat, double lon) {}

    record Block(Cidr cidr, double lat, double lon) {}

    record Outage(String pop, long fromS, long untilS) {}

    static final List<Pop> POPS = List.of(
            new Pop("sjc", "127.0.0.41", 37.3, -121.9), new Pop("iad", "127.0.0.42", 39.0, -77.5),
            new Pop("fra", "127.0.0.43", 50.1, 8.7), new Pop("sin", "127.0.0.44", 1.35, 103.8),
            new Pop("syd", "127.0.0.45", -33.9, 151.2));
    static final List<Outage> OUTAGES = List.of(new Outage("fra", 600, 720), new Outage("sin", 1200, 1260));
    static final String OVERLOADED = "iad";
    static final long OVERLOAD_FROM = 1400;
    static final long OVERLOAD_UNTIL = 1500;
    static final long DURATION_S = 1800;
    static final long WARMUP_S = 60;
    static final long TICK_MS = 100;
    static final int QUERIES_PER_TICK = 5;
    /** The hostname's rankTolerance: the config's default, -DrankToleranceMs=N for an experiment. */
    static final double TOLERANCE_MS = Double.parseDouble(System.getProperty("rankToleranceMs",
            Long.toString(HostnameDnsConfig.DEFAULT_RANK_TOLERANCE.toMillis())));
    static final double LOAD_WEIGHT = 1.0;  // the hostname's loadWeight (default)
    static double lossyShare;

    static final class SimClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }

    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
        int vantages = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double probeLoss = args.length > 2 ? Double.parseDouble(args[2]) : 0.10;
        int regions = args.length > 3 ? Integer.parseInt(args[3]) / 30 : 40;
        lossyShare = args.length > 4 ? Double.parseDouble(args[4]) : 0.1;
        SplittableRandom random = new SplittableRandom(seed);
        SimClock clock = new SimClock();
        Instant start = clock.now;

        // --- the emulated world: /16 regions at random places, every 8th split in two /17 halves elsewhere
        List<Block> blocks = new ArrayList<>();
        List<EmulatedNetwork.Link> links = new ArrayList<>();
        Map<String, Double> truthLoss = new LinkedHashMap<>();
        for (int r = 1; r <= regions; r++) {
            double lat = -40 + 100 * random.nextDouble();
            double lon = -130 + 280 * random.nextDouble();
            double lat2 = -40 + 100 * random.nextDouble();
            double lon2 = -130 + 280 * random.nextDouble();
            boolean split = r % 8 == 0;
            Cidr region = Cidr.parse("10." + r + ".0.0/16");
            addLinks(links, region, lat, lon, random);
            if (split) {
                addLinks(links, Cidr.parse("10." + r + ".128.0/17"), lat2, lon2, random);
            }
            for (int i = 0; i < 30; i++) {
                int third = i * 8;
                boolean upper = split && third >= 128;
                blocks.add(new Block(Cidr.parse("10." + r + "." + third + ".0/24"), upper ? lat2 : lat, upper ? lon2 : lon));
            }
        }
        List<EmulatedNetwork.Outage> outages = OUTAGES.stream().map(o -> new EmulatedNetwork.Outage(o.pop(),
                Duration.ofSeconds(o.fromS()), Duration.ofSeconds(o.untilS()))).toList();
        EmulatedNetwork network = new EmulatedNetwork(links, List.of(), outages, start, clock);

        // --- the real pipeline, on the config defaults (latency knobs may be set for an experiment)
        MeridianConfig config = config();
        ProbesConfig probes = config.dns().probes();
        LossPenalty scoring = LossPenalty.of(config.dns().lossPenalty());
        Map<String, InetAddress> popAddresses = new LinkedHashMap<>();
        POPS.forEach(p -> popAddresses.put(p.id(), ip(p.ip())));
        InMemoryNetworkState base = new InMemoryNetworkState(() -> config.dns().staleAfter(), 200_000);
        HealthBoard health = new HealthBoard(new HealthPolicy(probes.downAfter(), probes.upAfter(), probes.maxAge(),
                probes.downShare()), clock, 100);
        LoadBoard load = new LoadBoard(probes.loadMaxAge(), probes.overloadThreshold(), clock);
        LatencyTable table = new LatencyTable(probes.latency().timeConstant(), 100_000);
        var lc = probes.latency();
        LatencyMap map = new LatencyMap(table, scoring,
                new LatencyMap.Prefixes(lc.blockPrefixV4(), lc.finestPrefixV4(), lc.blockPrefixV6(), lc.finestPrefixV6()),
                GeoFallback.from(config),
                new Contest(scoring, lc.contestedMargin().toNanos() / 1e6, lc.attempts()));
        Map<String, LatencyAgentClient> agents = new LinkedHashMap<>();
        java.util.concurrent.atomic.AtomicLong measured = new java.util.concurrent.atomic.AtomicLong();
        for (Pop p : POPS) {
            LatencyAgentClient agent = LatencyAgentClient.local(new LatencyAgent(p.id(),
                    List.of(new EmulatedMethod(network, lc.attempts(), 0.05, random.split())), clock, Runnable::run));
            agents.put(p.id(), targets -> {
                measured.addAndGet(targets.size());
                return agent.measure(targets);
            });
        }
        java.util.function.Predicate<String> usable = pop -> health.isSteady(popAddresses.get(pop).getHostAddress());
        MeasurementRequests requests = new MeasurementRequests(agents, usable, MeasurementSink.onlyFrom(usable, table),
                table, map::isContested, clock, new MeasurementRequests.Settings(lc.freshFor(), lc.contestedFreshFor(),
                256, 10_000, Duration.ofMillis(500)));
        MeasuringNetworkState state = new MeasuringNetworkState(base, requests::request);
        StateFeeder feeder = new StateFeeder(base, popAddresses, health, load, table, map, clock);
        POPS.forEach(p -> health.register(p.ip()));
        Path tmp = Files.createTempDirectory("steering-sim");
        PersistenceTable persistence = PersistenceTable.open(tmp.resolve("persistence.tsv"), 1000, clock.now);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QueryHandler handler = new QueryHandler(config, state, persistence,
                new DecisionRecorder(registry, DecisionRecorder.LogPolicy.off()), registry, clock);

        List<Transition> transitions = new ArrayList<>();
        health.onTransition(transitions::add);
        Map<String, Integer> baseLoad = new LinkedHashMap<>();
        POPS.forEach(p -> baseLoad.put(p.id(), 20 + random.nextInt(40)));

        long answers = 0;
        long strict = 0;
        long withinTolerance = 0;
        long nearTies = 0;
        long servfail = 0;
        Map<String, Long> lastAnswerWithDownPop = new LinkedHashMap<>();
        Map<String, Long> firstAnswerAfterReturn = new LinkedHashMap<>();
        long ticks = DURATION_S * 1000 / TICK_MS;
        long wall = System.nanoTime();
        for (long tick = 0; tick < ticks; tick++) {
            long ms = tick * TICK_MS;
            double t = ms / 1000.0;
            clock.now = start.plusMillis(ms);
            if (ms % probes.interval().toMillis() == 0) {
                for (Pop p : POPS) {
                    for (int v = 0; v < vantages; v++) {
                        boolean ok = !inOutage(p.id(), t) && random.nextDouble() >= probeLoss;
                        health.accept(ok ? ProbeResult.success(p.ip(), "v" + v, clock.now, 5)
                                : ProbeResult.failure(p.ip(), "v" + v, clock.now, inOutage(p.id(), t)
                                        ? ProbeError.TIMEOUT : ProbeError.EMULATED_LOSS, "simulated"));
                    }
                }
                feeder.tickHealth();
            }
            if (ms % 5000 == 0) {
                for (Pop p : POPS) {
                    if (!inOutage(p.id(), t)) {
                        load.record(new LoadReport(p.id(), clock.now, 10, 100, 0.3, trueLoad(p.id(), t, baseLoad)));
                    }
                }
            }
            if (ms % 500 == 0) {
                requests.requestStale();
                requests.flush().join();
            }
            if (ms % 10_000 == 0) {
                feeder.refreshPaths();
            }
            for (int q = 0; q < QUERIES_PER_TICK; q++) {
                Block b = blocks.get(random.nextInt(blocks.size()));
                String answer = ask(handler, b.cidr());
                if (answer == null) {
                    servfail++;
                    continue;
                }
                String pop = POPS.stream().filter(p -> p.ip().equals(answer)).findFirst().orElseThrow().id();
                for (Outage o : OUTAGES) {
                    if (o.pop().equals(pop) && t >= o.fromS() && t < o.untilS()) {
                        lastAnswerWithDownPop.merge(pop, ms - o.fromS() * 1000, Math::max);
                    }
                    if (o.pop().equals(pop) && t >= o.untilS()) {
                        firstAnswerAfterReturn.putIfAbsent(pop, ms - o.untilS() * 1000);
                    }
                }
                if (t < WARMUP_S) {
                    continue;
                }
                answers++;
                double best = Double.POSITIVE_INFINITY;
                double runnerUp = Double.POSITIVE_INFINITY;
                String bestPop = null;
                for (Pop p : POPS) {
                    if (inOutage(p.id(), t)) {
                        continue;
                    }
                    double s = trueScore(scoring, network, p, b, t, baseLoad);
                    if (s < best) {
                        runnerUp = best;
                        best = s;
                        bestPop = p.id();
                    } else if (s < runnerUp) {
                        runnerUp = s;
                    }
                }
                if (runnerUp <= best + TOLERANCE_MS) {
                    nearTies++;
                }
                Pop chosen = POPS.stream().filter(p -> p.id().equals(pop)).findFirst().orElseThrow();
                if (pop.equals(bestPop)) {
                    strict++;
                }
                if (!inOutage(pop, t) && trueScore(scoring, network, chosen, b, t, baseLoad) <= best + TOLERANCE_MS) {
                    withinTolerance++;
                }
            }
        }
        double wallS = (System.nanoTime() - wall) / 1e9;

        int expected = OUTAGES.size() * 2;
        long flaps = transitions.size() - expected;
        System.out.printf("steering simulation (EMULATED network; seed %d): %d POPs, %d client /24 blocks in %d /16 regions, "
                        + "%d s simulated in %.1f s wall%n", seed, POPS.size(), blocks.size(), regions, DURATION_S, wallS);
        System.out.printf("  probes: %d vantage point(s), %.0f%% random probe loss, interval %s, down after %d, up after %d%n",
                vantages, probeLoss * 100, probes.interval(), probes.downAfter(), probes.upAfter());
        System.out.printf("  answers after %d s warm-up: %d (servfail %d)%n", WARMUP_S, answers, servfail);
        System.out.printf("  optimal POP (strict argmin of true score incl. load): %.2f%%%n", 100.0 * strict / answers);
        System.out.printf("  optimal within the hostname's %.0f ms rank tolerance:  %.2f%%%n", TOLERANCE_MS,
                100.0 * withinTolerance / answers);
        System.out.printf("  near ties (runner-up truly within the rank tolerance, shared by weight by design): %.2f%% of answers%n",
                100.0 * nearTies / answers);
        for (Outage o : OUTAGES) {
            String address = POPS.stream().filter(p -> p.id().equals(o.pop())).findFirst().orElseThrow().ip();
            Transition down = transitions.stream().filter(x -> x.address().equals(address) && !x.up())
                    .filter(x -> !x.at().isBefore(start.plusSeconds(o.fromS()))).findFirst().orElse(null);
            System.out.printf("  outage %s %d-%d s: marked down after %s; last answer with it %.1f s after it failed;"
                            + " answered again %.1f s after it returned%n", o.pop(), o.fromS(), o.untilS(),
                    down == null ? "never" : String.format("%.1f s", Duration.between(start.plusSeconds(o.fromS()), down.at()).toMillis() / 1000.0),
                    lastAnswerWithDownPop.getOrDefault(o.pop(), 0L) / 1000.0,
                    firstAnswerAfterReturn.getOrDefault(o.pop(), -1000L) / 1000.0);
        }
        System.out.printf("  health transitions: %d (expected %d from the failure schedule) -> flaps: %d%n",
                transitions.size(), expected, flaps);
        System.out.printf("  latency table: %d targets; map: %d block decisions%n", table.size(), map.decisions().size());
        System.out.printf("  measuring cost: %d path measurements of %d packets (%.2f per target and POP per minute;"
                        + " freshFor %s, contested %s, margin %s)%n", measured.get(), lc.attempts(),
                measured.get() / (double) table.size() / POPS.size() / (DURATION_S / 60.0), lc.freshFor(),
                lc.contestedFreshFor(), lc.contestedMargin());
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static boolean inOutage(String pop, double t) {
        return OUTAGES.stream().anyMatch(o -> o.pop().equals(pop) && t >= o.fromS() && t < o.untilS());
    }

    static int trueLoad(String pop, double t, Map<String, Integer> baseLoad) {
        if (pop.equals(OVERLOADED) && t >= OVERLOAD_FROM && t < OVERLOAD_UNTIL) {
            return 900;
        }
        return baseLoad.get(pop);
    }

    /** The optimum's yardstick: the configured score of the EMULATED link's true RTT and loss, plus the true load. */
    static double trueScore(LossPenalty scoring, EmulatedNetwork network, Pop p, Block b, double t,
                            Map<String, Integer> baseLoad) {
        var link = network.link(p.id(), b.cidr().network()).orElseThrow();
        return scoring.score(link.rttMs(), link.loss()) + LOAD_WEIGHT * trueLoad(p.id(), t, baseLoad);
    }

    static void addLinks(List<EmulatedNetwork.Link> links, Cidr block, double lat, double lon, SplittableRandom random) {
        for (Pop p : POPS) {
            double km = distanceKm(lat, lon, p.lat(), p.lon());
            double rtt = 5 + 1.3 * 2 * km / 200;
            double loss = random.nextDouble() < lossyShare ? 0.03 + 0.05 * random.nextDouble() : 0.002 * random.nextDouble();
            links.add(new EmulatedNetwork.Link(p.id(), block, rtt, loss));
        }
    }

    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    static String ask(QueryHandler handler, Cidr subnet) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("acme.cdn.test."), Type.A, DClass.IN));
        q.addRecord(new OPTRecord(1232, 0, 0, 0, new ClientSubnetOption(subnet.prefix(), subnet.network())),
                Section.ADDITIONAL);
        byte[] wire = q.toWire();
        byte[] response = handler.handle(wire, wire.length, ip("192.0.2.53"), false);
        Message r = new Message(response);
        return r.getSection(Section.ANSWER).stream().filter(x -> x instanceof ARecord)
                .map(x -> ((ARecord) x).getAddress().getHostAddress()).findFirst().orElse(null);
    }

    /** Adds {@code field: <value of -Dproperty><unit>} when the property is set. */
    static void knob(StringBuilder yaml, String field, String property, String unit) {
        String value = System.getProperty(property);
        if (value != null) {
            yaml.append(yaml.length() == 0 ? "" : ", ").append(field).append(": ").append(value).append(unit);
        }
    }

    static MeridianConfig config() throws Exception {
        StringBuilder pops = new StringBuilder();
        for (Pop p : POPS) {
            pops.append("  - id: ").append(p.id()).append("\n    edge: { http: ").append(p.ip())
                    .append(":8080, admin: ").append(p.ip()).append(":9080 }\n")
                    .append("    location: { lat: ").append(p.lat()).append(", lon: ").append(p.lon()).append(" }\n");
        }
        StringBuilder latency = new StringBuilder();
        knob(latency, "attempts", "attempts", "");
        knob(latency, "freshFor", "freshForSeconds", "s");
        knob(latency, "contestedFreshFor", "contestedFreshForSeconds", "s");
        knob(latency, "contestedMargin", "contestedMarginMs", "ms");
        String yaml = """
                dns: { zone: cdn.test, listen: 127.0.0.1:0, decisionLog: "off", probes: { latency: { %s } } }
                pops:
                %s
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                        dns: { answerCount: 1, rankTolerance: %dms }
                """.formatted(latency, pops, Math.round(TOLERANCE_MS));
        return new ConfigLoader(Map.<String, String>of()::get)
                .loadYaml("simulation.yaml", yaml);
    }
}
