package dev.meridian.originstub;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.meridian.originstub.control.HeaderOverrides;
import dev.meridian.originstub.control.RequestLog;
import dev.meridian.originstub.faults.FaultMode;
import dev.meridian.originstub.faults.FaultPlan;
import dev.meridian.originstub.faults.FaultRule;
import dev.meridian.originstub.site.Body;
import dev.meridian.originstub.site.Conditionals;
import dev.meridian.originstub.site.HttpDates;
import dev.meridian.originstub.site.Representation;
import dev.meridian.originstub.site.SampleSite;
import dev.meridian.originstub.site.SiteRequest;
import dev.meridian.originstub.site.SiteVersion;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers site requests: counts them, asks the sample site for the representation, answers
 * conditionals with 304, and applies whatever fault is in force for the path.
 */
final class SiteTransformer implements ResponseTransformerV2 {
    static final String NAME = "meridian-sample-site";
    private static final List<String> NOT_IN_304 = List.of("content-type", "content-length", "content-language");

    private final SampleSite site;
    private final Supplier<SiteVersion> version;
    private final FaultPlan faults;
    private final RequestLog requests;
    private final HeaderOverrides overrides;
    private final Clock clock;

    SiteTransformer(SampleSite site, Supplier<SiteVersion> version, FaultPlan faults, RequestLog requests,
                    HeaderOverrides overrides, Clock clock) {
        this.overrides = overrides;
        this.clock = clock;
        this.site = site;
        this.version = version;
        this.faults = faults;
        this.requests = requests;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response stubbed, ServeEvent event) {
        SiteRequest request = RequestParts.toSiteRequest(event.getRequest());
        requests.record(request.path(), RequestParts.headers(event.getRequest()));
        FaultRule fault = faults.forPath(request.path()).orElse(null);
        if (fault != null) {
            switch (fault.mode()) {
                case FAIL -> {
                    return Response.response().status(fault.status())
                            .headers(new HttpHeaders(date(), new HttpHeader("Content-Type", "text/plain"),
                                    new HttpHeader("Cache-Control", "no-store")))
                            .body("origin failure (stub fault " + fault.status() + ")\n").build();
                }
                case RESET -> {
                    return Response.response().fault(Fault.CONNECTION_RESET_BY_PEER).build();
                }
                case GARBAGE -> {
                    return Response.response().fault(Fault.RANDOM_DATA_THEN_CLOSE).build();
                }
                default -> {
                }
            }
        }
        Representation original = site.respond(request, version.get());
        Representation answer = new Representation(original.status(),
                overrides.apply(request.path(), original.headers()), original.body());
        Response.Builder response = Conditionals.notModified(request, answer)
                ? notModified(answer, date())
                : full(answer, date(), "HEAD".equals(request.method()), fault != null && fault.mode() == FaultMode.TRUNCATE);
        if (fault != null && !fault.delay().isZero()) {
            response.incrementInitialDelay(fault.delay().toMillis());
        }
        return response.build();
    }

    /** Origins with a clock send Date (RFC 9110 6.6.1); caches compute Age from it. */
    private HttpHeader date() {
        return new HttpHeader("Date", HttpDates.format(clock.instant()));
    }

    private static Response.Builder notModified(Representation answer, HttpHeader date) {
        List<HttpHeader> headers = new ArrayList<>();
        headers.add(date);
        answer.headers().forEach((name, value) -> {
            if (!NOT_IN_304.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(new HttpHeader(name, value));
            }
        });
        return Response.response().status(304).headers(new HttpHeaders(headers)).body(new byte[0]);
    }

    private static Response.Builder full(Representation answer, HttpHeader date, boolean head, boolean truncate) {
        List<HttpHeader> headers = new ArrayList<>();
        headers.add(date);
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            headers.add(new HttpHeader(h.getKey(), h.getValue()));
        }
        Body body = answer.body();
        // Set explicitly: WireMock only computes a length for inline bodies, and these stream.
        headers.add(new HttpHeader("Content-Length", Long.toString(body.length())));
        Response.Builder out = Response.response().status(answer.status()).headers(new HttpHeaders(headers));
        if (head) {
            return out.body(() -> new ByteArrayInputStream(new byte[0]));
        }
        if (truncate) {
            long half = body.length() / 2;
            return out.body(() -> new Truncated(body.open(), half));
        }
        return out.body(body::open);
    }

    /** Ends the stream early: with the full Content-Length declared, the client sees a lying origin. */
    private static final class Truncated extends FilterInputStream {
        private long left;

        Truncated(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            left--;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
