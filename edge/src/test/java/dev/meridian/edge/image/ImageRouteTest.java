package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.imaging.CorruptImageException;
import dev.meridian.imaging.ImageTimeoutException;
import dev.meridian.imaging.ImageTooLargeException;
import dev.meridian.imaging.ImagingBusyException;
import dev.meridian.imaging.UnsupportedImageException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class ImageRouteTest {
    @Test
    void onlyTheImagesOwnFailuresAreRememberedNotABusyMomentOfTheServer() {
        assertThat(ImageRoute.refusesForGood(new CorruptImageException("bad"))).isTrue();
        assertThat(ImageRoute.refusesForGood(new UnsupportedImageException("tiff"))).isTrue();
        assertThat(ImageRoute.refusesForGood(new ImageTooLargeException("huge"))).isTrue();
        assertThat(ImageRoute.refusesForGood(new ImageTimeoutException("slow"))).isTrue();

        assertThat(ImageRoute.refusesForGood(new ImagingBusyException("working memory full"))).isFalse();
        assertThat(ImageRoute.refusesForGood(new RejectedExecutionException("queue full"))).isFalse();
        assertThat(ImageRoute.refusesForGood(new IllegalStateException("bug"))).isFalse();
    }
}
