package dev.meridian.originstub.site;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The site's content version. Every resource's body, ETag and Last-Modified derive from it, so a
 * bump changes all of them at once and a test can tell which version a cache served.
 *
 * @param lastModified whole seconds, as HTTP dates carry no more
 */
public record SiteVersion(int number, Instant lastModified) {
    public static SiteVersion first(Instant now) {
        return new SiteVersion(1, now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The next version, always at least a second newer so If-Modified-Since sees the change. */
    public SiteVersion next(Instant now) {
        Instant truncated = now.truncatedTo(ChronoUnit.SECONDS);
        Instant later = lastModified.plusSeconds(1);
        return new SiteVersion(number + 1, truncated.isAfter(later) ? truncated : later);
    }
}
