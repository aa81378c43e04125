package dev.meridian.uplink.spool;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.uplink.wire.UsageBatch;
import java.io.IOException;

/** A {@link UsageBatch} as JSON, the same bytes in the spool file and on the wire (times as ISO-8601). */
public final class BatchJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BatchJson() {
    }

    public static byte[] write(UsageBatch batch) {
        try {
            return JSON.writeValueAsBytes(batch);
        } catch (IOException e) {
            throw new IllegalStateException("a usage batch is plain records", e);
        }
    }

    /** @throws IOException when the bytes are not a batch */
    public static UsageBatch read(byte[] json) throws IOException {
        UsageBatch batch = JSON.readValue(json, UsageBatch.class);
        if (batch == null || batch.batchId() == null || batch.node() == null) {
            throw new IOException("not a usage batch: no batchId or node");
        }
        return batch;
    }
}
