package dev.meridian.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ImagingConfig;
import dev.meridian.core.config.ImagingConfig.Fit;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.imaging.ladder.RenditionLadder;
import org.junit.jupiter.api.Test;

/** The speed-class ladder from config, with customer, property, path and image overrides. */
class RenditionLadderTest {
    private static final String BASE = """
            pops:
              - id: sjc
                location: { name: "San Jose", lat: 37.3, lon: -121.9 }
                edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
            """;

    private static MeridianConfig load(String yaml) throws ConfigException {
        return new ConfigLoader(name -> null).loadYaml("test.yaml", BASE + yaml);
    }

    @Test
    void defaultsAreTheThreeClassesWithTheirThresholds() throws Exception {
        RenditionLadder ladder = new RenditionLadder(load("").images());
        assertThat(ladder.classes()).containsExactly("low", "medium", "high");
        assertThat(ladder.classFor(100)).isEqualTo("low");
        assertThat(ladder.classFor(255)).isEqualTo("low");
        assertThat(ladder.classFor(256)).isEqualTo("medium");
        assertThat(ladder.classFor(1999)).isEqualTo("medium");
        assertThat(ladder.classFor(2000)).isEqualTo("high");
        assertThat(ladder.classFor(100_000)).isEqualTo("high");
        RenditionSpec low = ladder.spec("low", null, null, "/a.jpg");
        assertThat(low.maxWidth()).isEqualTo(480);
        assertThat(low.progressive()).isTrue();
        assertThat(ladder.spec("high", null, null, "/a.jpg").quality()).isEqualTo(80);
        ImagingConfig.Limits limits = load("").images().limits();
        assertThat(limits.maxPixels()).isEqualTo(40_000_000L);
    }

    @Test
    void mostSpecificOverrideWinsFieldByField() throws Exception {
        MeridianConfig config = load("""
                images:
                  limits: { maxPixels: 20000000, maxInputBytes: 16MB, maxFrames: 50, decodeTimeout: 5s, workingMemory: 200MB }
                  classes:
                    - { name: low, belowKbps: 300, rendition: { maxWidth: 400, quality: 40 } }
                    - { name: high, rendition: { maxWidth: 1600, quality: 82 } }
                  customers:
                    acme: { low: { quality: 35 } }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                        images:
                          renditions: { low: { maxHeight: 300 } }
                          paths:
                            - { prefix: /hero/, renditions: { low: { maxWidth: 800 } } }
                            - { prefix: /hero/wide/, renditions: { low: { fit: cover, maxHeight: 200 } } }
                          images:
                            /hero/wide/banner.jpg: { low: { quality: 60 } }
                """);
        RenditionLadder ladder = new RenditionLadder(config.images());
        PropertyImagesConfig images = config.property("acme.cdn.test").orElseThrow().images();
        assertThat(ladder.classFor(299)).isEqualTo("low");
        assertThat(ladder.classes()).containsExactly("low", "high");
        assertThat(config.images().limits().maxInputBytes().bytes()).isEqualTo(16L << 20);

        assertThat(ladder.spec("low", null, null, "/x.jpg")).satisfies(s -> {
            assertThat(s.maxWidth()).isEqualTo(400);
            assertThat(s.quality()).isEqualTo(40);
        });
        assertThat(ladder.spec("low", "acme", null, "/x.jpg").quality()).isEqualTo(35);
        RenditionSpec property = ladder.spec("low", "acme", images, "/x.jpg");
        assertThat(property.maxHeight()).isEqualTo(300);
        assertThat(property.maxWidth()).isEqualTo(400);
        assertThat(property.quality()).isEqualTo(35);

        RenditionSpec hero = ladder.spec("low", "acme", images, "/hero/a.jpg");
        assertThat(hero.maxWidth()).isEqualTo(800);
        assertThat(hero.fit()).isEqualTo(Fit.INSIDE);

        RenditionSpec wide = ladder.spec("low", "acme", images, "/hero/wide/a.jpg");
        assertThat(wide.fit()).isEqualTo(Fit.COVER);
        assertThat(wide.maxWidth()).as("longest prefix only, over the property").isEqualTo(400);
        assertThat(wide.maxHeight()).isEqualTo(200);

        RenditionSpec banner = ladder.spec("low", "acme", images, "/hero/wide/banner.jpg");
        assertThat(banner.quality()).isEqualTo(60);
        assertThat(banner.fit()).isEqualTo(Fit.COVER);

        assertThat(ladder.classes()).containsExactly("low", "high");
        assertThat(ladder.spec("high", "acme", images, "/hero/a.jpg").maxWidth()).isEqualTo(1600);
        assertThatThrownBy(() -> ladder.spec("medium", null, null, "/x.jpg")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badImageConfigIsReportedWithPaths() {
        assertThatThrownBy(() -> load("""
                images:
                  limits: { maxPixels: 0, workingMemory: 1MB }
                  classes:
                    - { name: low, rendition: { maxWidth: 0, quality: 101 } }
                    - { name: low, belowKbps: 100, rendition: { quality: 50, background: red } }
                  customers:
                    acme: { turbo: { quality: 50 } }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                        images:
                          paths: [ { prefix: hero/ } ]
                          images: { /a.jpg: { low: { fit: sideways } } }
                """)).isInstanceOf(ConfigException.class).satisfies(e -> assertThat(e.getMessage()).contains(
                "images.limits.maxPixels: must be positive",
                "images.classes[0].belowKbps",
                "images.classes[0].rendition.maxWidth: must be 1..16384",
                "images.classes[0].rendition.quality: must be 1..100",
                "images.classes[1].name: duplicate speed class low",
                "images.classes[1].belowKbps: the fastest (last) class has no upper threshold",
                "images.classes[1].rendition.background: must be a colour like #ffffff",
                "images.classes[1].rendition: needs maxWidth or maxHeight",
                "images.customers.acme.turbo: no speed class named turbo"));
    }

    @Test
    void propertyOverridesNamingUnknownClassesAreRefusedWithTheirPaths() {
        assertThatThrownBy(() -> load("""
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                        images:
                          renditions: { turbo: { quality: 10 } }
                          paths: [ { prefix: /hero/, renditions: { lowest: { quality: 10 } } } ]
                """)).isInstanceOf(ConfigException.class).satisfies(e -> assertThat(e.getMessage()).contains(
                "customers[0].properties[0].images.renditions.turbo: no speed class named turbo",
                "customers[0].properties[0].images.paths[0].renditions.lowest: no speed class named lowest"));
    }
}
