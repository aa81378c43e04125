package dev.meridian.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.http.CacheControl;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestDirectivesTest {
    @Test
    void noStoreIsAlwaysHonouredWhileNoCacheAndMaxAgeFollowTheProperty() {
        assertThat(RequestDirectives.of(null, true, false)).isEqualTo(RequestDirectives.NONE);
        RequestDirectives honoured = RequestDirectives.of(List.of("no-store", "no-cache, max-age=5"), true, false);
        assertThat(honoured).isEqualTo(new RequestDirectives(true, true, 5, false));
        assertThat(honoured.acceptsNothingStored()).isTrue();
        RequestDirectives ignored = RequestDirectives.of(List.of("no-store", "no-cache, max-age=5"), false, false);
        assertThat(ignored).isEqualTo(new RequestDirectives(true, false, CacheControl.ABSENT, false));
        assertThat(ignored.acceptsNothingStored()).isFalse();
        assertThat(RequestDirectives.of(List.of("max-age=0"), true, false).acceptsNothingStored()).isTrue();
        assertThat(RequestDirectives.of(List.of("max-age=1"), true, false).acceptsNothingStored()).isFalse();
    }
}
