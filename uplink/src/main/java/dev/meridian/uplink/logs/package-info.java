/**
 * Raw access log files, from the edge that writes them to the console that keeps them.
 *
 * <p>A file holds one customer's requests served by one POP, one JSON object per line (JSON Lines,
 * UTF-8, {@code \n} after every line), gzip-compressed. Each line begins with the request's start
 * time, so a reader finds it without parsing the rest:
 * <pre>
 * {"time":"2026-12-07T21:05:34.123Z","pop":"sjc","client":"203.0.113.9","method":"GET",
 *  "host":"acme.cdn.test","path":"/a.jpg","query":"w=500","status":200,"bytes":5120,"cache":"HIT",
 *  "ms":3,"originMs":null,"referer":"https://acme.test/","userAgent":"Mozilla/5.0 ..."}
 * </pre>
 * (one line in the file; {@code originMs} is null when the origin was not asked, {@code referer} and
 * {@code userAgent} null when absent). Every string is JSON-escaped, control characters included, so
 * no header or URL a client sends can end a line or forge another.
 *
 * <p>Names ({@link LogFileName}) sort by time and say who wrote what:
 * {@code <pop>-<yyyyMMddTHHmmssZ>-<seq>.log.gz}, the time being when the file was opened.
 *
 * <p>Upload: a node {@code PUT}s a completed file to
 * {@code <console url>/v1/ingest/logs/<customer>/<name>} ({@link LogUploads#path}) with
 * {@code Authorization: Bearer <node token>} and the lower-case hex SHA-256 of the body in
 * {@value LogUploads#SHA256_HEADER}. The console answers 200 with a {@link LogReceipt} once the file
 * is stored (also when it already had that very file: {@code duplicate} is then true), 400 for a
 * file it will never accept (bad name, unknown customer, too big, checksum mismatch, not gzip, lines
 * without a time; the node drops it and counts the drop), 401 for a bad token and 403 for a file
 * named after another node; anything else means "try again later", and the file stays on the node.
 */
package dev.meridian.uplink.logs;
