package dev.meridian.uplink.wire;

import java.util.List;

/**
 * What one POP saw loading a page: the page first, then every component its HTML references, each
 * with its own timings.
 *
 * @param pop        the POP that loaded it
 * @param url        the page
 * @param secondLoad whether these are the timings of a second load
 * @param totalMs    the whole load, page and components
 * @param components the page itself first, then each component in document order
 * @param skipped    components referenced beyond the limit, not loaded
 * @param error      why the check could not run at all, else null
 */
public record PageCheckReport(String pop, String url, boolean secondLoad, long totalMs, List<PageComponent> components,
                              int skipped, String error) {
    public PageCheckReport {
        components = components == null ? List.of() : List.copyOf(components);
    }
}
