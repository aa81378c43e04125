package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.config.ImagingConfig.Fit;
import dev.meridian.edge.route.Rejection;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlSignerTest {
    static final String OLD_KEY = "old-signing-key-0123456789abcdef0123";
    static final String NEW_KEY = "new-signing-key-fedcba9876543210fedc";
    private static final Transformation T = new Transformation(300, 200, Fit.COVER, 70);

    @Test
    void aSignedTransformationIsHonouredAndTheRestOfTheQueryKept() throws Rejection {
        String query = UrlSigner.sign(NEW_KEY, "/images/a.jpg", "v=3", T);
        UrlSigner.Parsed p = UrlSigner.parse("/images/a.jpg", query, List.of(NEW_KEY));
        assertThat(p.transformation()).contains(T);
        assertThat(p.remainingQuery()).isEqualTo("v=3");
    }

    @Test
    void everyConfiguredKeyIsAcceptedSoKeysCanRotate() throws Rejection {
        String signedWithOld = UrlSigner.sign(OLD_KEY, "/a.jpg", "", T);
        assertThat(UrlSigner.parse("/a.jpg", signedWithOld, List.of(NEW_KEY, OLD_KEY)).transformation()).contains(T);
        assertThatThrownBy(() -> UrlSigner.parse("/a.jpg", signedWithOld, List.of(NEW_KEY)))
                .isInstanceOf(Rejection.class).extracting(e -> ((Rejection) e).status()).isEqualTo(403);
    }

    @Test
    void unsignedWronglySignedOrTamperedTransformationsAreForbidden() {
        String good = UrlSigner.sign(NEW_KEY, "/a.jpg", "", T);
        List<String> bad = List.of(
                "w=300",
                "w=300&h=200&fit=cover&q=70",
                good.replace("w=300", "w=3000"),
                good.replace("q=70", "q=71"),
                good.substring(0, good.length() - 2) + "AA",
                good + "x",
                "w=300&h=200&fit=cover&q=70&sig=!!notbase64!!",
                "sig=abc");
        for (String query : bad) {
            assertThatThrownBy(() -> UrlSigner.parse("/a.jpg", query, List.of(NEW_KEY))).as(query)
                    .isInstanceOf(Rejection.class).extracting(e -> ((Rejection) e).status()).isEqualTo(403);
        }
        // The same signature on another image is not valid either.
        assertThatThrownBy(() -> UrlSigner.parse("/b.jpg", good, List.of(NEW_KEY))).isInstanceOf(Rejection.class);
    }

    @Test
    void transformationsAreRefusedWhereNoKeysAreConfigured() {
        String good = UrlSigner.sign(NEW_KEY, "/a.jpg", "", T);
        assertThatThrownBy(() -> UrlSigner.parse("/a.jpg", good, List.of())).isInstanceOf(Rejection.class)
                .hasMessageContaining("not enabled");
    }

    @Test
    void outOfBoundsTransformationsAreRefusedEvenWhenSigned() {
        assertThatThrownBy(() -> new Transformation(100_000, 10, Fit.INSIDE, 80)).isInstanceOf(IllegalArgumentException.class);
        String query = "w=99999&h=1&fit=inside&q=80&sig=AAAA";
        assertThatThrownBy(() -> UrlSigner.parse("/a.jpg", query, List.of(NEW_KEY))).isInstanceOf(Rejection.class);
    }

    @Test
    void theSignatureCoversTheRestOfTheQuerySinceItMayPickAnotherOriginal() throws Rejection {
        String good = UrlSigner.sign(NEW_KEY, "/img.php", "id=1", T);
        assertThat(UrlSigner.parse("/img.php", good, List.of(NEW_KEY)).remainingQuery()).isEqualTo("id=1");
        for (String query : List.of(good.replace("id=1", "id=2"), good + "&id=2", "x=1&" + good, good.replace("id=1&", ""))) {
            assertThatThrownBy(() -> UrlSigner.parse("/img.php", query, List.of(NEW_KEY))).as(query)
                    .isInstanceOf(Rejection.class).extracting(e -> ((Rejection) e).status()).isEqualTo(403);
        }
    }

    @Test
    void unsignedParametersOnPathsThatAreNotImagesAreOrdinaryQueries() throws Rejection {
        for (String path : List.of("/search", "/html/index.html", "/img/pick", "/a.jpg/list")) {
            UrlSigner.Parsed p = UrlSigner.parse(path, "q=shoes&w=3", List.of(NEW_KEY));
            assertThat(p.transformation()).as(path).isEmpty();
            assertThat(p.remainingQuery()).as(path).isEqualTo("q=shoes&w=3");
        }
        // On an image path they are a transformation, whatever the extension's case, and need a signature.
        for (String path : List.of("/a.jpg", "/b/C.JPEG", "/x.png", "/x.webp", "/x.gif")) {
            assertThatThrownBy(() -> UrlSigner.parse(path, "q=50", List.of(NEW_KEY))).as(path)
                    .isInstanceOf(Rejection.class).extracting(e -> ((Rejection) e).status()).isEqualTo(403);
        }
        // A signed transformation works on any path: an image need not be named like one.
        String signed = UrlSigner.sign(NEW_KEY, "/img/pick", "", T);
        assertThat(UrlSigner.parse("/img/pick", signed, List.of(NEW_KEY)).transformation()).contains(T);
    }

    @Test
    void queriesWithoutTransformationParametersPassUntouched() throws Rejection {
        UrlSigner.Parsed p = UrlSigner.parse("/a.jpg", "v=1&width=3", List.of());
        assertThat(p.transformation()).isEmpty();
        assertThat(p.remainingQuery()).isEqualTo("v=1&width=3");
    }
}
