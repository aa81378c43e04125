package dev.meridian.console.purge;

import io.undertow.Undertow;
import io.undertow.util.HeaderMap;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A POP's admin {@code /purge} as the console sees it: records every call and answers 200 (or what the
 * test sets). Up or down on the same port, so the console's retries reach it when it comes back.
 */
public final class StubPop implements AutoCloseable {
    /** One call as the POP received it. */
    public record Call(HeaderMap headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private final int port;
    private Undertow server;

    private StubPop(int port) {
        this.port = port;
    }

    public static StubPop start() {
        StubPop pop = new StubPop(0);
        pop.listen(0);
        return pop;
    }

    private void listen(int on) {
        server = Undertow.builder().addHttpListener(on, "127.0.0.1").setIoThreads(1).setWorkerThreads(1)
                .setHandler(ex -> ex.getRequestReceiver().receiveFullString((e, body) -> {
                    calls.add(new Call(e.getRequestHeaders(), body));
                    e.setStatusCode(status);
                    e.getResponseSender().send(status == 200 ? "{\"purged\":1}" : "{\"error\":\"stub\"}", StandardCharsets.UTF_8);
                })).build();
        server.start();
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    void answer(int status) {
        this.status = status;
    }

    /** Stops listening (connections are refused) until {@link #restart()}. */
    int down() {
        int p = port();
        server.stop();
        return p;
    }

    void restart(int onPort) {
        listen(onPort);
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public void close() {
        server.stop();
    }
}
