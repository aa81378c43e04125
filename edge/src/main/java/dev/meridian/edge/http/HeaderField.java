package dev.meridian.edge.http;

/** One header field as received or stored; names keep their case, comparisons ignore it. */
public record HeaderField(String name, String value) {
}
