package dev.meridian.uplink.logs;

/**
 * The console's answer to an uploaded access log file.
 *
 * @param customer  whose file it is
 * @param name      its name
 * @param lines     the lines it holds
 * @param duplicate whether the console already had this very file
 */
public record LogReceipt(String customer, String name, long lines, boolean duplicate) {
}
