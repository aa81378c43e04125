package dev.meridian.originstub;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.meridian.originstub.control.ControlApi;

/** Routes {@code /__stub/*} requests to the {@link ControlApi}. */
final class ControlTransformer implements ResponseTransformerV2 {
    static final String NAME = "meridian-stub-control";

    private final ControlApi api;

    ControlTransformer(ControlApi api) {
        this.api = api;
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
        Request request = event.getRequest();
        ControlApi.Answer answer = api.handle(request.getMethod().getName(), RequestParts.path(request),
                RequestParts.query(request).get("path"), request.getBodyAsString());
        return Response.response().status(answer.status())
                .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json"),
                        new HttpHeader("Cache-Control", "no-store")))
                .body(answer.json()).build();
    }
}
