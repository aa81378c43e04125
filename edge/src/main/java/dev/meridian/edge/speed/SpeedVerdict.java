package dev.meridian.edge.speed;

/** A request's speed class and the signal that decided it. */
public record SpeedVerdict(String speedClass, SpeedSource source) {
    /** The value of {@code X-Meridian-Speed}, e.g. {@code medium; source=cookie}. */
    public String header() {
        return speedClass + "; source=" + source.token();
    }
}
