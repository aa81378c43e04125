package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RenderPoolTest {
    private static RenditionKey key(String n) {
        return new RenditionKey("c", "http://o/" + n + ".jpg", "\"v\"", "low");
    }

    @Test
    void backgroundWorkMayTakeOnlyItsShareOfTheQueueAndIsDroppedBeyondIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // One thread, a queue of 4: background work may hold one place (running or waiting).
        try (RenderPool pool = new RenderPool(1, 4)) {
            assertThat(pool.renderInBackground(key("a"), () -> {
                release.await(10, TimeUnit.SECONDS);
                return null;
            })).isTrue();
            assertThat(pool.renderInBackground(key("a"), () -> null)).as("joins the render in flight").isTrue();
            assertThat(pool.renderInBackground(key("b"), () -> null)).isFalse();
            assertThat(pool.backgroundDropped()).isEqualTo(1);

            CompletableFuture<StoredRendition> onDemand = pool.render(key("b"), () -> null);
            assertThat(onDemand.isCompletedExceptionally()).as("requests still find room").isFalse();
            release.countDown();
            onDemand.get(10, TimeUnit.SECONDS);
            assertThat(pool.started()).isEqualTo(2);
        }
    }
}
