package dev.meridian.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheControlTest {
    @Test
    void parsesDirectivesCaseInsensitivelyWithQuotedAndUnquotedArguments() {
        CacheControl cc = CacheControl.parse("Public, MAX-AGE=60, s-maxage=\"120\", stale-while-revalidate=30, stale-if-error=600");
        assertThat(cc.isPublic()).isTrue();
        assertThat(cc.maxAge()).isEqualTo(60);
        assertThat(cc.sMaxAge()).isEqualTo(120);
        assertThat(cc.staleWhileRevalidate()).isEqualTo(30);
        assertThat(cc.staleIfError()).isEqualTo(600);
        assertThat(cc.noStore()).isFalse();
    }

    @Test
    void combinesSeveralFieldLines() {
        CacheControl cc = CacheControl.parse(List.of("no-cache", "must-revalidate, proxy-revalidate", "no-store"));
        assertThat(cc.noCache()).isTrue();
        assertThat(cc.mustRevalidate()).isTrue();
        assertThat(cc.proxyRevalidate()).isTrue();
        assertThat(cc.noStore()).isTrue();
        assertThat(cc.forbidsStale()).isTrue();
    }

    @Test
    void readsMustUnderstandInAnyCase() {
        assertThat(CacheControl.parse("Must-Understand, no-store").mustUnderstand()).isTrue();
        assertThat(CacheControl.parse("no-store").mustUnderstand()).isFalse();
        assertThat(CacheControl.NONE.mustUnderstand()).isFalse();
    }

    @Test
    void qualifiedPrivateAndNoCacheCountAsUnqualified() {
        CacheControl cc = CacheControl.parse("private=\"Set-Cookie, X-User\", no-cache=\"Set-Cookie\", max-age=5");
        assertThat(cc.isPrivate()).isTrue();
        assertThat(cc.noCache()).isTrue();
        assertThat(cc.maxAge()).isEqualTo(5);
    }

    @Test
    void malformedMaxAgeMeansStaleAndMalformedExtensionsAreIgnored() {
        CacheControl cc = CacheControl.parse("max-age=abc, stale-while-revalidate=-1, foo=bar");
        assertThat(cc.maxAge()).isZero();
        assertThat(cc.staleWhileRevalidate()).isEqualTo(CacheControl.ABSENT);
    }

    @Test
    void hugeDeltaIsCappedAndDuplicatesTakeTheSmaller() {
        assertThat(CacheControl.parse("max-age=99999999999999999999").maxAge()).isEqualTo(CacheControl.MAX_DELTA);
        assertThat(CacheControl.parse("max-age=100, max-age=10").maxAge()).isEqualTo(10);
    }

    @Test
    void absentOrEmptyIsNone() {
        assertThat(CacheControl.parse((String) null)).isEqualTo(CacheControl.NONE);
        assertThat(CacheControl.parse("")).isEqualTo(CacheControl.NONE);
        assertThat(CacheControl.parse(" , ,")).isEqualTo(CacheControl.NONE);
    }
}
