package dev.meridian.originstub.site;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A response body: its exact length and a way to read it, so large ones stream instead of sitting on the heap. */
public interface Body {
    long length();

    InputStream open();

    static Body of(byte[] bytes) {
        return new Body() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    static Body text(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }
}
