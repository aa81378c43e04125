package dev.meridian.gtm.map;

import dev.meridian.core.net.Cidr;

import dev.meridian.core.config.MapFallbackConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.ProbesConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fallback from configuration: a block pinned to a POP wins; otherwise, when the block's location
 * is known, POPs are ranked by great-circle distance, with an RTT estimated from the speed of light
 * in fibre (about 200 km per ms one way) so the figures read like measured ones but are flagged as
 * estimates; otherwise no preference.
 */
public final class GeoFallback implements UnmeasuredBlockFallback {
    private static final double EARTH_RADIUS_KM = 6371;
    private static final double FIBRE_KM_PER_MS = 200;

    public record Location(double lat, double lon) {}

    public record Pin(Cidr block, String pop) {}

    public record Placed(Cidr block, Location location) {}

    private final Map<String, Location> pops;
    private final List<Pin> pins;
    private final List<Placed> places;

    /**
     * From the config: every POP with a {@code location}, and the pins and places of
     * {@code dns.probes.latency.fallback} (none when probes are off).
     */
    public static GeoFallback from(MeridianConfig config) {
        Map<String, Location> pops = new LinkedHashMap<>();
        for (PopConfig pop : config.pops()) {
            if (pop.location() != null && pop.location().lat() != null && pop.location().lon() != null) {
                pops.put(pop.id(), new Location(pop.location().lat(), pop.location().lon()));
            }
        }
        ProbesConfig probes = config.dns() == null ? null : config.dns().probes();
        MapFallbackConfig configured = probes == null ? MapFallbackConfig.defaults() : probes.latency().fallback();
        return new GeoFallback(pops,
                configured.pins().stream().map(p -> new Pin(Cidr.parse(p.block()), p.pop())).toList(),
                configured.places().stream()
                        .map(p -> new Placed(Cidr.parse(p.block()), new Location(p.lat(), p.lon()))).toList());
    }

    public GeoFallback(Map<String, Location> pops, List<Pin> pins, List<Placed> places) {
        this.pops = Map.copyOf(pops);
        this.pins = mostSpecificFirst(pins, Pin::block);
        this.places = mostSpecificFirst(places, Placed::block);
    }

    @Override
    public BlockDecision decide(Cidr block) {
        Optional<Pin> pin = pins.stream().filter(p -> Blocks.contains(p.block(), block)).findFirst();
        if (pin.isPresent()) {
            return new BlockDecision(block, pin.get().pop(), Reason.FALLBACK, List.of(), 0);
        }
        Optional<Placed> place = places.stream().filter(p -> Blocks.contains(p.block(), block)).findFirst();
        if (place.isEmpty() || pops.isEmpty()) {
            return new BlockDecision(block, null, Reason.FALLBACK, List.of(), 0);
        }
        List<PopScore> scores = new ArrayList<>();
        pops.forEach((pop, at) -> {
            double rtt = 2 * distanceKm(place.get().location(), at) / FIBRE_KM_PER_MS;
            scores.add(PopScore.estimated(pop, rtt));
        });
        scores.sort(PopScore.BEST_FIRST);
        return new BlockDecision(block, scores.get(0).pop(), Reason.FALLBACK, scores, 0);
    }

    static double distanceKm(Location a, Location b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private static <T> List<T> mostSpecificFirst(List<T> items, java.util.function.Function<T, Cidr> block) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing((T t) -> block.apply(t).prefix()).reversed());
        return List.copyOf(sorted);
    }
}
