package dev.meridian.console.portal;

import dev.meridian.console.report.Granularity;
import dev.meridian.console.report.UsageRow;
import java.util.List;
import java.util.Locale;

/**
 * Usage as CSV (RFC 4180: a header row, CRLF line ends, fields with a comma, quote or line break in
 * quotes). Spreadsheets run a cell that starts with = + - @ or a tab/CR as a formula, so such a text
 * cell gets a leading apostrophe (OWASP's advice); the numbers are written as numbers.
 */
final class UsageCsv {
    static final String HEADER = "period_start,customer,property,requests,bytes_to_clients,hits,hit_ratio,"
            + "bytes_from_origin,dns_answers,rendition_bytes_stored";

    private UsageCsv() {
    }

    static String write(Granularity granularity, List<UsageRow> rows) {
        StringBuilder csv = new StringBuilder(HEADER.length() + 2 + rows.size() * 96).append(HEADER).append("\r\n");
        for (UsageRow row : rows) {
            csv.append(text(UsageQuery.bucket(granularity, row.start()))).append(',')
                    .append(text(row.customer())).append(',')
                    .append(text(row.property())).append(',')
                    .append(row.requests()).append(',')
                    .append(row.bytesToClients()).append(',')
                    .append(row.hits()).append(',')
                    .append(ratio(row.hitRatio())).append(',')
                    .append(row.bytesFromOrigin()).append(',')
                    .append(row.dnsAnswers()).append(',')
                    .append(row.renditionBytesStored()).append("\r\n");
        }
        return csv.toString();
    }

    /** A ratio with four decimals, e.g. "0.7500". */
    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.4f", ratio);
    }

    static String text(String value) {
        String cell = value;
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            cell = "'" + cell;
        }
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\r') >= 0 || cell.indexOf('\n') >= 0) {
            cell = '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
