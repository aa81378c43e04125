package dev.meridian.core.config;

import java.time.Duration;
import java.util.List;

/**
 * Live probing behind the GTM's answers ({@code dns.probes}; absent means no probes: answers follow
 * the config and the operator API only).
 *
 * @param edgeUrl           test URL of every POP edge; {@code {http}} and {@code {admin}} stand for the edge's listeners
 * @param expect            string the test URL's body must contain (empty: any 2xx body)
 * @param interval          how often each address is probed
 * @param timeout           how long one probe may take
 * @param downAfter         consecutive failures that take an address down
 * @param upAfter           consecutive successes that bring it back
 * @param maxAge            a vantage point's last result older than this has no vote; no fresh vote at all is down
 * @param downShare         an address is down when more than this share of the voting vantage points say so
 * @param vantage           the name this GTM's own probes report under
 * @param peers             admin listeners of the other GTM servers, which get every probe and latency result too
 * @param servers           customer servers (of dynamic hostnames) to probe, each with its own test URL
 * @param loadMaxAge        a load report older than this counts as unknown
 * @param overloadThreshold a POP whose load figure is above this stops getting new clients
 * @param latency           latency measurement and the map
 * @param emulation         EMULATED distances and probe loss, for the demo and tests; absent means off
 * @param gtmVantage        whether the GTM probes too, as one more vantage point named {@code vantage}
 *                          (every POP's edge is a vantage point under its POP id either way)
 */
public record ProbesConfig(
        String edgeUrl,
        String expect,
        Duration interval,
        Duration timeout,
        Integer downAfter,
        Integer upAfter,
        Duration maxAge,
        Double downShare,
        String vantage,
        List<HostPort> peers,
        List<ProbeServerConfig> servers,
        Duration loadMaxAge,
        Integer overloadThreshold,
        LatencyProbesConfig latency,
        EmulationConfig emulation,
        Boolean gtmVantage) implements Validatable {

    public ProbesConfig {
        edgeUrl = edgeUrl == null ? "http://{admin}/healthz" : edgeUrl;
        expect = expect == null ? "ok" : expect;
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        timeout = timeout == null ? Duration.ofSeconds(1) : timeout;
        downAfter = downAfter == null ? 5 : downAfter;
        upAfter = upAfter == null ? 2 : upAfter;
        maxAge = maxAge == null ? Duration.ofSeconds(10) : maxAge;
        downShare = downShare == null ? 0.5 : downShare;
        vantage = vantage == null ? "gtm" : vantage;
        peers = peers == null ? List.of() : List.copyOf(peers);
        servers = servers == null ? List.of() : List.copyOf(servers);
        loadMaxAge = loadMaxAge == null ? Duration.ofSeconds(30) : loadMaxAge;
        overloadThreshold = overloadThreshold == null ? 800 : overloadThreshold;
        latency = latency == null ? LatencyProbesConfig.defaults() : latency;
        gtmVantage = gtmVantage == null ? Boolean.TRUE : gtmVantage;
    }

    public static ProbesConfig defaults() {
        return new ProbesConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("edgeUrl"), edgeUrl, u -> u.startsWith("http://") || u.startsWith("https://"),
                "must be an http:// or https:// URL");
        errors.check(at.field("interval"), interval, d -> d.toMillis() >= 10 && d.toMinutes() <= 10, "must be within 10ms..10m");
        errors.check(at.field("timeout"), timeout, d -> d.toMillis() >= 10 && d.toMinutes() <= 1, "must be within 10ms..1m");
        errors.check(at.field("downAfter"), downAfter, n -> n >= 1 && n <= 100, "must be within 1..100");
        errors.check(at.field("upAfter"), upAfter, n -> n >= 1 && n <= 100, "must be within 1..100");
        errors.check(at.field("maxAge"), maxAge, d -> d.compareTo(interval) > 0, "must be longer than interval");
        errors.check(at.field("downShare"), downShare, s -> s >= 0 && s < 1, "must be within 0..1 (exclusive)");
        errors.check(at.field("vantage"), vantage, s -> s.matches("[a-z0-9][a-z0-9-]{0,31}"),
                "must be 1-32 lowercase letters, digits or '-'");
        errors.each(at.field("servers"), servers);
        errors.check(at.field("loadMaxAge"), loadMaxAge, d -> !d.isNegative() && !d.isZero(), "must be positive");
        errors.check(at.field("overloadThreshold"), overloadThreshold, n -> n > 0, "must be positive");
        errors.nested(at.field("latency"), latency);
        errors.nested(at.field("emulation"), emulation);
    }
}
