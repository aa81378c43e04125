package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Responses to requests with Authorization are shared only where the origin says so (RFC 9111 3.5). */
class AuthorizationCachingTest {
    private final EdgeFixture f = new EdgeFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    private EdgeFixture.Fetched asUser(String path, String user) throws Exception {
        return f.fetch(f.request(path).header("Authorization", "Bearer " + user).build());
    }

    @Test
    void aPublicResponseToAnAuthorizedRequestIsStoredAndServesEveryone() throws Exception {
        f.origin.on("/shared", r -> new MockResponse().setHeader("Cache-Control", "public, max-age=60").setBody("for all"));
        assertThat(asUser("/shared", "alice").cache()).isEqualTo("MISS");
        assertThat(asUser("/shared", "bob").cache()).isEqualTo("HIT");
        EdgeFixture.Fetched anonymous = f.fetch("/shared");
        assertThat(anonymous.cache()).isEqualTo("HIT");
        assertThat(anonymous.body()).isEqualTo("for all");
        assertThat(f.origin.hits("/shared")).isEqualTo(1);
    }

    @Test
    void otherResponsesAreNeitherStoredNorIsAStoredOneThatIsNotSharedServedToAnAuthorizedRequest() throws Exception {
        f.origin.on("/mine", r -> new MockResponse().setHeader("Cache-Control", "max-age=60")
                .setBody(r.getHeader("Authorization") == null ? "anonymous" : "for " + r.getHeader("Authorization")));
        assertThat(asUser("/mine", "alice").cache()).isEqualTo("PASS");
        EdgeFixture.Fetched bob = asUser("/mine", "bob");
        assertThat(bob.cache()).isEqualTo("PASS");
        assertThat(bob.body()).isEqualTo("for Bearer bob");
        // What an anonymous request stored is not for an authorized one either.
        assertThat(f.fetch("/mine").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/mine").cache()).isEqualTo("HIT");
        EdgeFixture.Fetched carol = asUser("/mine", "carol");
        assertThat(carol.body()).isEqualTo("for Bearer carol");
        assertThat(carol.cache()).isEqualTo("PASS");
        assertThat(f.fetch("/mine").body()).as("the stored anonymous copy stays").isEqualTo("anonymous");
        assertThat(f.origin.hits("/mine")).isEqualTo(4);
    }
}
