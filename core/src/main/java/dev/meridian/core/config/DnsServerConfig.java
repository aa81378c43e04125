package dev.meridian.core.config;

/**
 * One address a hostname may be answered with: a customer server by {@code address}, or a POP's edge by
 * {@code pop} id.
 *
 * @param weight share of answers among servers that rank equal (3 against 1 gets three times the answers)
 * @param backup a hidden backup: never answered while any non-backup server is up
 * @param cost   a configured cost in milliseconds of score, added to the measured one
 * @param down   starts administratively down (until an operator marks it up)
 */
public record DnsServerConfig(String address, String pop, Integer weight, Boolean backup, Integer cost, Boolean down)
        implements Validatable {
    public DnsServerConfig {
        weight = weight == null ? 1 : weight;
        backup = backup != null && backup;
        cost = cost == null ? 0 : cost;
        down = down != null && down;
    }

    /** Whether a static mapping target ({@code to:} entry) means this server. */
    public boolean names(String target) {
        return target.equals(address) || target.equals(pop);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if ((address == null) == (pop == null)) {
            errors.add(at, "give exactly one of address or pop");
        }
        errors.check(at.field("address"), address, IpAddresses::isLiteral, "not an IPv4 or IPv6 address");
        errors.check(at.field("weight"), weight, w -> w >= 0 && w <= 1000, "must be within 0..1000");
        errors.check(at.field("cost"), cost, c -> c >= 0 && c <= 100_000, "must be within 0..100000 (ms)");
    }
}
