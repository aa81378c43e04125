package dev.meridian.e2e;

import static dev.meridian.e2e.CdnFixture.lab;
import static dev.meridian.e2e.CdnFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.originstub.faults.FaultRule;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unsafe methods invalidate (RFC 9111 4.4); one origin fill per key however many clients wait. */
class InvalidationAndCoalescingTest {
    private static final int CLIENTS = 500;
    private static CdnFixture cdn;

    @BeforeAll
    static void start() {
        cdn = CdnFixture.start();
    }

    @AfterAll
    static void stop() {
        cdn.close();
    }

    @Test
    void aSuccessfulPostInvalidatesTheUrlItTouched() throws IOException {
        String url = lab("invalidate", "max-age=300");
        cdn.fetch(url);
        assertThat(cdn.fetch(url).cache()).isEqualTo("HIT");
        try (Response posted = cdn.execute(cdn.request(url).post(RequestBody.create("{\"rating\":5}",
                MediaType.get("application/json"))))) {
            assertThat(posted.code()).isEqualTo(200);
            assertThat(posted.body().string()).contains("POST /lab/invalidate");
        }
        var after = cdn.fetch(url);
        assertThat(after.cache()).isEqualTo("MISS");
        assertThat(cdn.origin.requestCount(path(url))).as("GET, POST, GET").isEqualTo(3);
        assertThat(cdn.fetch(url).cache()).isEqualTo("HIT");
    }

    @Test
    void aDeleteInvalidatesToo() {
        String url = lab("delete", "max-age=300");
        cdn.fetch(url);
        cdn.execute(cdn.request(url).delete()).close();
        assertThat(cdn.fetch(url).cache()).isEqualTo("MISS");
    }

    @Test
    void fiveHundredConcurrentRequestsForOneColdKeyReachTheOriginOnce() throws Exception {
        String url = lab("coalesce", "max-age=300", "size=20000");
        // A slow fill keeps the key cold while all clients arrive.
        cdn.origin.fault(FaultRule.slow(path(url), Duration.ofMillis(1500)));
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(CLIENTS);
        dispatcher.setMaxRequestsPerHost(CLIENTS);
        OkHttpClient clients = cdn.http.newBuilder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(CLIENTS, 30, TimeUnit.SECONDS)).build();
        List<CompletableFuture<int[]>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                CompletableFuture<int[]> answer = new CompletableFuture<>();
                clients.newCall(cdn.request(url).build()).enqueue(new Callback() {
                    @Override
                    public void onFailure(Call call, IOException e) {
                        answer.completeExceptionally(e);
                    }

                    @Override
                    public void onResponse(Call call, Response response) throws IOException {
                        try (response) {
                            answer.complete(new int[] {response.code(), response.body().bytes().length});
                        }
                    }
                });
                answers.add(answer);
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            cdn.origin.clearFaults();
            dispatcher.executorService().shutdown();
            clients.connectionPool().evictAll();
        }
        for (CompletableFuture<int[]> answer : answers) {
            assertThat(answer.get()).containsExactly(200, 20000);
        }
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(1);
    }
}
