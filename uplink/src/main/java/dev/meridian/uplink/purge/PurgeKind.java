package dev.meridian.uplink.purge;

import java.util.Locale;

/** What a purge names: one URL, every URL under a prefix, a whole host, or every object carrying a tag. */
public enum PurgeKind {
    URL, PREFIX, HOST, TAG;

    /** Its JSON field name ({@code "url"}, ...), also its name in the console's database. */
    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PurgeKind ofField(String field) {
        return valueOf(field.toUpperCase(Locale.ROOT));
    }
}
