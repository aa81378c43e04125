package dev.meridian.console.portal;

/** A row of the GTM page's per-POP table, formatted for the template. */
public record PopLine(String pop, String decisions) {
}
