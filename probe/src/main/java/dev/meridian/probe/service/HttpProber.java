package dev.meridian.probe.service;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * HTTP(S) GET of the test URL: a success needs a 2xx status and the expected string within the first
 * {@value #BODY_LIMIT} bytes, all before the timeout. Non-blocking: the JDK client runs the exchange.
 */
public final class HttpProber implements Prober {
    static final int BODY_LIMIT = 64 * 1024;

    private final HttpClient client;
    private final Clock clock;

    public HttpProber(HttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A client that never follows redirects: a probe checks the URL it was given. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(ProbeTarget.DEFAULT_TIMEOUT)
                .build();
    }

    @Override
    public CompletableFuture<ProbeResult> probe(ProbeTarget target, String vantage) {
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("User-Agent", "meridian-gtm-probe")
                .GET()
                .build();
        long start = System.nanoTime();
        return client.sendAsync(request, info -> new BoundedBody(BODY_LIMIT))
                // The request timeout covers the headers; this one also bounds a body that trickles.
                .orTimeout(target.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (error != null) {
                        return failure(target, vantage, error);
                    }
                    if (response.statusCode() / 100 != 2) {
                        return ProbeResult.failure(target.address(), vantage, clock.instant(), ProbeError.STATUS,
                                "HTTP " + response.statusCode());
                    }
                    String expect = target.expect();
                    if (expect != null && !expect.isEmpty() && !response.body().contains(expect)) {
                        return ProbeResult.failure(target.address(), vantage, clock.instant(), ProbeError.CONTENT,
                                "body lacks the expected string");
                    }
                    return ProbeResult.success(target.address(), vantage, clock.instant(), ms);
                });
    }

    private ProbeResult failure(ProbeTarget target, String vantage, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        ProbeError code;
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            code = ProbeError.TIMEOUT;
        } else if (e instanceof ConnectException) {
            code = ProbeError.CONNECT;
        } else if (e instanceof SSLException) {
            code = ProbeError.TLS;
        } else {
            code = ProbeError.IO;
        }
        return ProbeResult.failure(target.address(), vantage, clock.instant(), code, e.toString());
    }
}
