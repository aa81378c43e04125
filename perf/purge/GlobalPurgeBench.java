import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.edge.EdgeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Global purge latency: a console (embedded H2) and three edges with disk tiers on 127.0.0.11-13, as in
 * the demo, in this JVM. Sends purges one after another through POST /v1/purge with a customer's token;
 * the call returns when every POP has acknowledged, so its time is the acknowledged-by-every-POP latency.
 * Prints p50/p90/p99 of that and of the slowest POP's latency as the console recorded it.
 *
 *   java -cp <cli class path> perf/purge/GlobalPurgeBench.java <work dir> <purges> <warmup> <port base>
 */
public class GlobalPurgeBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int purges = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int base = Integer.parseInt(args[3]);
        String[] pops = {"sjc", "iad", "fra"};
        StringBuilder popsYaml = new StringBuilder();
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < pops.length; i++) {
            String addr = "127.0.0.1" + (i + 1);
            popsYaml.append("  - { id: %s, edge: { http: %s:%d, admin: %s:%d }, cache: { memory: 64MB, disk: { dir: %s, size: 256MB } } }\n"
                    .formatted(pops[i], addr, base, addr, base + 1, dir.resolve("cache")));
            nodes.append("    - { id: %s, role: EDGE, token: %s-bench-node-token-0000 }\n".formatted(pops[i], pops[i]));
        }
        String yaml = """
                pops:
                %s
                customers:
                  - id: acme
                    adminTokens: [ bench-acme-token-000000000 ]
                    properties:
                      - { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ] }
                console:
                  listen: 127.0.0.1:%d
                  stateDir: %s
                  nodes:
                %s
                  purge: { perSecond: 10000, burst: 10000, ackWait: 5s }
                """.formatted(popsYaml.toString().stripTrailing(), base + 2, dir.resolve("console"), nodes.toString().stripTrailing());
        Files.createDirectories(dir);
        ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
        ConsoleServer console = ConsoleServer.start(new ConfigHolder(loader.loadYaml("bench.yaml", yaml)));
        List<EdgeServer> edges = new ArrayList<>();
        for (String pop : pops) {
            edges.add(EdgeServer.start(new ConfigHolder(loader.loadYaml("bench.yaml", yaml)), pop));
        }
        ExecutorService clientThread = Executors.newSingleThreadExecutor();
        HttpClient http = HttpClient.newBuilder().executor(clientThread).build();
        ObjectMapper json = new ObjectMapper();
        double[] total = new double[purges];
        double[] slowestPop = new double[purges];
        int notComplete = 0;
        try {
            for (int i = -warmup; i < purges; i++) {
                String body = "{\"url\": \"http://acme.cdn.test/images/%d.jpg\"}".formatted(i + warmup);
                HttpRequest request = HttpRequest.newBuilder(URI.create(console.url() + "/v1/purge"))
                        .header("Authorization", "Bearer bench-acme-token-000000000")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                long t0 = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                double ms = (System.nanoTime() - t0) / 1e6;
                if (i < 0) {
                    continue;
                }
                JsonNode answer = json.readTree(response.body());
                if (response.statusCode() != 200) {
                    notComplete++;
                }
                total[i] = ms;
                double slowest = 0;
                for (JsonNode p : answer.path("pops")) {
                    slowest = Math.max(slowest, p.path("latencyMs").asDouble());
                }
                slowestPop[i] = slowest;
            }
        } finally {
            clientThread.shutdownNow();
            edges.forEach(EdgeServer::close);
            console.close();
        }
        System.out.printf("RESULT %d purges (after %d warm-up), three POPs, not acknowledged by all: %d%n", purges, warmup, notComplete);
        print("acknowledged by every POP (client round trip)", total);
        print("slowest POP's ack as the console recorded it", slowestPop);
    }

    private static void print(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("RESULT %s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
