package dev.meridian.perf.jmeter;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a JMeter results file in CSV form (with its header line) into rows keyed by column name. */
final class JtlCsv {
    private JtlCsv() {
    }

    static List<Map<String, String>> read(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = record(in);
            if (header == null) {
                return rows;
            }
            for (List<String> r; (r = record(in)) != null; ) {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size() && i < r.size(); i++) {
                    row.put(header.get(i), r.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** One CSV record (RFC 4180 quoting, so a quoted field may hold commas and line breaks), or null at the end. */
    private static List<String> record(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            if (!quoted) {
                break;
            }
            String next = in.readLine();
            if (next == null) {
                break;
            }
            field.append('\n');
            line = next;
        }
        fields.add(field.toString());
        return fields;
    }
}
