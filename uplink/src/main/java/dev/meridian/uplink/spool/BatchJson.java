package dev.meridian.uplink.spool;

import dev.meridian.uplink.wire.UsageBatch;
import dev.meridian.uplink.wire.WireJson;
import java.io.IOException;

/** A {@link UsageBatch} as JSON ({@link WireJson}), the same bytes in the spool file and on the wire. */
public final class BatchJson {
    private BatchJson() {
    }

    public static byte[] write(UsageBatch batch) {
        try {
            return WireJson.mapper().writeValueAsBytes(batch);
        } catch (IOException e) {
            throw new IllegalStateException("a usage batch is plain records", e);
        }
    }

    /** @throws IOException when the bytes are not a batch */
    public static UsageBatch read(byte[] json) throws IOException {
        UsageBatch batch = WireJson.mapper().readValue(json, UsageBatch.class);
        if (batch == null || batch.batchId() == null || batch.node() == null) {
            throw new IOException("not a usage batch: no batchId or node");
        }
        return batch;
    }
}
