package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.EdgeServer;
import java.io.IOException;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tags through real sockets: an origin's Surrogate-Key and Cache-Tag are kept with the object (memory
 * and disk, across a restart), never sent to clients, and a purge by tag on the admin API removes
 * what carries the tag, within the token's customer.
 */
class PurgeByTagTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private EdgeFixture f;
    private EdgeServer restarted;

    @BeforeEach
    void start() {
        f = new EdgeFixture(url -> PurgeApiTest.config(url, dir));
    }

    @AfterEach
    void stop() {
        if (restarted != null) {
            restarted.close();
        }
        f.close();
    }

    private static MockResponse tagged(String body, String field, String tags) {
        MockResponse r = new MockResponse().setBody(body).setHeader("Cache-Control", "max-age=600");
        return field == null ? r : r.setHeader(field, tags);
    }

    private EdgeFixture.Fetched fetch(EdgeServer edge, String host, String path) throws IOException {
        return f.fetch(new Request.Builder().url("http://127.0.0.1:" + edge.httpAddress().getPort() + path).header("Host", host).build());
    }

    private JsonNode purge(EdgeServer edge, String token, String json, int expectedStatus) throws IOException {
        Request request = new Request.Builder().url("http://127.0.0.1:" + edge.adminAddress().getPort() + "/purge")
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(json, MediaType.get("application/json"))).build();
        try (Response r = f.client.newCall(request).execute()) {
            String body = r.body().string();
            assertThat(r.code()).as(body).isEqualTo(expectedStatus);
            return JSON.readTree(body);
        }
    }

    private void cacheAcmeAndGlobex(EdgeServer edge) throws IOException {
        f.origin.on("/a", tagged("a", "Surrogate-Key", "product-1 all"));
        f.origin.on("/b", tagged("b", "Cache-Tag", "product-2, all"));
        f.origin.on("/c", tagged("c", null, null));
        f.origin.on("/g", tagged("g", "Surrogate-Key", "all"));
        for (String p : new String[] {"/a", "/b", "/c"}) {
            EdgeFixture.Fetched miss = fetch(edge, "acme.cdn.test", p);
            EdgeFixture.Fetched hit = fetch(edge, "acme.cdn.test", p);
            assertThat(hit.cache()).as(p).isEqualTo("HIT");
            for (EdgeFixture.Fetched r : new EdgeFixture.Fetched[] {miss, hit}) {
                assertThat(r.header("Surrogate-Key")).as(p).isNull();
                assertThat(r.header("Cache-Tag")).as(p).isNull();
            }
        }
        fetch(edge, "globex.cdn.test", "/g");
        assertThat(fetch(edge, "globex.cdn.test", "/g").cache()).isEqualTo("HIT");
    }

    @Test
    void aCustomersTagPurgeRemovesItsObjectsCarryingTheTagAndNoOneElses() throws Exception {
        cacheAcmeAndGlobex(f.edge);

        JsonNode acme = purge(f.edge, PurgeApiTest.ACME, "{\"tag\": \"all\"}", 200);

        assertThat(acme.get("tag").asText()).isEqualTo("all");
        assertThat(acme.get("purged").asInt()).isEqualTo(2);
        assertThat(fetch(f.edge, "acme.cdn.test", "/a").cache()).isEqualTo("MISS");
        assertThat(fetch(f.edge, "acme.cdn.test", "/b").cache()).isEqualTo("MISS");
        assertThat(fetch(f.edge, "acme.cdn.test", "/c").cache()).isEqualTo("HIT");
        assertThat(fetch(f.edge, "globex.cdn.test", "/g").cache()).as("another customer's object").isEqualTo("HIT");

        assertThat(purge(f.edge, PurgeApiTest.ACME, "{\"tag\": \"product-2\"}", 200).get("purged").asInt()).isEqualTo(1);
        assertThat(fetch(f.edge, "acme.cdn.test", "/b").cache()).isEqualTo("MISS");
        assertThat(fetch(f.edge, "acme.cdn.test", "/a").cache()).isEqualTo("HIT");

        assertThat(purge(f.edge, PurgeApiTest.OPERATOR, "{\"tag\": \"all\"}", 200).get("purged").asInt()).isEqualTo(3);
        assertThat(fetch(f.edge, "globex.cdn.test", "/g").cache()).isEqualTo("MISS");
        assertThat(f.origin.hits("/g")).isEqualTo(2);
    }

    @Test
    void aResponseThatIsNotStoredLosesItsTagFieldsToo() throws Exception {
        f.origin.on("/private", new MockResponse().setBody("mine").setHeader("Cache-Control", "private")
                .setHeader("Surrogate-Key", "user-7").setHeader("Cache-Tag", "user-7"));

        EdgeFixture.Fetched r = fetch(f.edge, "acme.cdn.test", "/private");

        assertThat(r.body()).isEqualTo("mine");
        assertThat(r.header("Surrogate-Key")).isNull();
        assertThat(r.header("Cache-Tag")).isNull();
    }

    @Test
    void aMalformedTagIsRefused() throws Exception {
        assertThat(purge(f.edge, PurgeApiTest.ACME, "{\"tag\": \"two words\"}", 400).get("error").asText()).contains("tag");
        assertThat(purge(f.edge, PurgeApiTest.ACME, "{\"tag\": \"a\", \"url\": \"http://acme.cdn.test/a\"}", 400)
                .get("error").asText()).contains("exactly one");
    }

    @Test
    void tagsSurviveARestartOnDiskAndStayPurgeable() throws Exception {
        cacheAcmeAndGlobex(f.edge);
        f.edge.close();

        restarted = EdgeServer.start(new ConfigHolder(PurgeApiTest.config(f.origin.url(), dir)), "sjc");
        assertThat(fetch(restarted, "acme.cdn.test", "/c").cache()).isEqualTo("HIT");

        JsonNode purged = purge(restarted, PurgeApiTest.ACME, "{\"tag\": \"product-1\"}", 200);

        assertThat(purged.get("purged").asInt()).isEqualTo(1);
        EdgeFixture.Fetched a = fetch(restarted, "acme.cdn.test", "/a");
        assertThat(a.cache()).isEqualTo("MISS");
        assertThat(a.header("Surrogate-Key")).isNull();
        assertThat(fetch(restarted, "acme.cdn.test", "/b").cache()).isEqualTo("HIT");
        assertThat(f.origin.hits("/a")).isEqualTo(2);
        assertThat(f.origin.hits("/b")).isEqualTo(1);
    }
}
