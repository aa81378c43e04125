package dev.meridian.console.portal;

/** A row of the usage page's table, formatted for the template. */
public record UsageLine(String period, String customer, String property, String requests, String bytes, String hitRatio,
                        String originBytes, String dnsAnswers, String renditionStorage) {
}
