package dev.meridian.console.report;

/** How often the GTM gave one address as its answer, per minute. */
public record AnswerSeries(String answer, MinuteSeries decisions) {
}
