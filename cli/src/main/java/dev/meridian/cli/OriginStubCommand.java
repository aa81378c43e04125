package dev.meridian.cli;

import dev.meridian.core.config.HostPort;
import dev.meridian.originstub.OriginStub;
import dev.meridian.originstub.site.SampleSite;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the origin stub alone: the sample site of one customer, for demos, tests and benchmarks. */
@Command(name = "origin-stub", description = "Run the demo origin (WireMock): sample pages, photos, downloads, faults on demand.")
final class OriginStubCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8081",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--cdn-host", paramLabel = "HOST", defaultValue = OriginStub.DEFAULT_CDN_HOST,
            description = "CDN hostname the pages' image and asset URLs point at (default: ${DEFAULT-VALUE}).")
    String cdnHost;

    @Override
    public Integer call() throws InterruptedException {
        HostPort at;
        try {
            at = HostPort.parse(listen);
        } catch (IllegalArgumentException e) {
            System.err.println("--listen " + listen + ": " + e.getMessage());
            return 2;
        }
        OriginStub stub;
        try {
            stub = OriginStub.start(at.host(), at.port(), cdnHost);
        } catch (RuntimeException e) {
            System.err.println("origin stub: cannot listen on " + at + ": " + Failures.rootMessage(e));
            return 1;
        }
        System.out.println("origin stub listening on " + stub.baseUrl() + " (pages point at http://" + cdnHost + ")");
        System.out.println("  try: " + String.join("  ", SampleSite.samplePaths()));
        System.out.println("  control: POST /__stub/fault {\"mode\":\"slow|fail|reset|hang|truncate|garbage|ok\",\"delayMs\":2000,"
                + "\"pathPrefix\":\"/images/\"}, POST /__stub/bump, GET /__stub/requests?path=/, POST /__stub/reset");
        Shutdown.runUntilInterrupted(stub);
        return 0;
    }
}
