package dev.meridian.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ImagingConfig.Fit;
import dev.meridian.imaging.resize.Geometry;
import org.junit.jupiter.api.Test;

class GeometryTest {
    private static final RenditionSpec W500 = RenditionSpec.width(500, 80);

    @Test
    void insideKeepsAspectAndNeverUpscalesUnlessAsked() {
        assertThat(Geometry.plan(1920, 1080, W500)).isEqualTo(new Geometry(0, 0, 1920, 1080, 500, 281));
        assertThat(Geometry.plan(1920, 1080, W500.withBox(500, 200, Fit.INSIDE)))
                .isEqualTo(new Geometry(0, 0, 1920, 1080, 356, 200));
        assertThat(Geometry.plan(300, 200, W500)).isEqualTo(new Geometry(0, 0, 300, 200, 300, 200));
        assertThat(Geometry.plan(300, 200, W500.withUpscale(true))).isEqualTo(new Geometry(0, 0, 300, 200, 500, 333));
        assertThat(Geometry.plan(300, 200, W500).isIdentity()).isTrue();
    }

    @Test
    void coverCropsTheCentre() {
        assertThat(Geometry.plan(2000, 1000, W500.withBox(400, 400, Fit.COVER)))
                .isEqualTo(new Geometry(500, 0, 1000, 1000, 400, 400));
        // Never upscaled: the box keeps its shape and shrinks to what the source can fill.
        assertThat(Geometry.plan(300, 200, W500.withBox(400, 400, Fit.COVER)))
                .isEqualTo(new Geometry(50, 0, 200, 200, 200, 200));
    }

    @Test
    void exactFillsTheBox() {
        assertThat(Geometry.plan(1920, 1080, W500.withBox(300, 300, Fit.EXACT)))
                .isEqualTo(new Geometry(0, 0, 1920, 1080, 300, 300));
        assertThat(Geometry.plan(200, 100, W500.withBox(300, 300, Fit.EXACT)))
                .isEqualTo(new Geometry(0, 0, 200, 100, 200, 100));
    }
}
