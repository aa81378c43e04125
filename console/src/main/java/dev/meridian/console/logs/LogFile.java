package dev.meridian.console.logs;

import java.time.Instant;

/**
 * A stored access log file, as the portal lists it.
 *
 * @param customer   whose requests it holds
 * @param name       its name ({@code <pop>-<yyyyMMddTHHmmssZ>-<seq>.log.gz})
 * @param node       the edge that uploaded it
 * @param bytes      its size (compressed, as stored and downloaded)
 * @param lines      requests in it
 * @param sha256     lower-case hex SHA-256 of the stored file
 * @param firstTime  the earliest request in it
 * @param lastTime   the latest request in it
 * @param receivedAt when the console stored it
 */
public record LogFile(String customer, String name, String node, long bytes, long lines, String sha256,
                      Instant firstTime, Instant lastTime, Instant receivedAt) {
}
