package io.ringkv.server.security;

import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.server.TestNode;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of securing internal calls on the replica path, in one run: four nodes in one JVM, the
 * same replica requests sent to each in alternating rounds (the order rotating every round) by the
 * same closed-loop callers over pooled keep-alive connections:
 *
 * <ul>
 *   <li>plain: no cluster secret (loopback only), HTTP;
 *   <li>signed: a cluster secret, HTTP, each request signed as a coordinator signs it;
 *   <li>TLS: no secret, its port on TLS with an SSL bundle, mutual ({@code server.ssl.client-auth=need},
 *       the callers present the node certificate);
 *   <li>TLS + signed: both.
 * </ul>
 *
 * Prints requests per second and latency percentiles per round, a summary per mode, and the
 * single-thread cost of signing and checking one call. Not part of the build:
 *
 * <pre>
 * flock /tmp/ringkv-bench.lock nice -n 19 ./mvnw -B -ntp -q test -Dtest=AuthCostBench -Dringkv.bench.auth=true
 * </pre>
 *
 * Settings: {@code -Dringkv.bench.threads} (8), {@code -Dringkv.bench.round-seconds} (4), {@code
 * -Dringkv.bench.rounds} (4 per mode, after 1 warm-up round each), {@code -Dringkv.bench.kind} (get
 * or put).
 */
@EnabledIfSystemProperty(named = "ringkv.bench.auth", matches = "true")
class AuthCostBench {
    private static final int THREADS = Integer.getInteger("ringkv.bench.threads", 8);
    private static final int ROUND_SECONDS = Integer.getInteger("ringkv.bench.round-seconds", 4);
    private static final int ROUNDS = Integer.getInteger("ringkv.bench.rounds", 4);
    private static final String KIND = System.getProperty("ringkv.bench.kind", "get");
    private static final int REPLAY_CACHE_SIZE = 1 << 20;

    /** One signer, as a node has. */
    private static final RequestSigner SIGNER = new RequestSigner(
            new InternalSignature(List.of(TestNode.CLUSTER_SECRET)), "bench", InternalAuthTest.SYSTEM);

    /** A node under test: how it is reached and whether calls to it are signed. */
    private record Mode(String name, TestNode node, String base, boolean sign) {}

    @TempDir
    Path dir;

    @Test
    void plainSignedTlsAndBothOnTheReplicaPath() throws Exception {
        microCost();
        ClusterCertificates certificates = ClusterCertificates.make(dir);
        List<String> tls = new ArrayList<>(certificates.bundleSettings());
        tls.addAll(List.of(
                "--server.ssl.bundle=node",
                "--server.ssl.client-auth=need",
                "--ringkv.security.internal-ssl-bundle=node"));
        List<TestNode> nodes = new ArrayList<>();
        try {
            List<Mode> modes = new ArrayList<>();
            for (String name : List.of("plain", "signed", "TLS", "TLS + signed")) {
                boolean sign = name.contains("signed");
                boolean encrypted = name.startsWith("TLS");
                List<String> args = new ArrayList<>(List.of(
                        "--ringkv.node-id=n" + modes.size(),
                        "--ringkv.commitlog.sync=none",
                        "--logging.level.root=warn"));
                if (sign) {
                    args.add(TestNode.CLUSTER_SECRET_SETTING);
                    // The default (262,144 per 30 s window) takes about 8,700 signed calls a second
                    // sustained; these rounds send more, in bursts.
                    args.add("--ringkv.security.replay-cache-size=" + REPLAY_CACHE_SIZE);
                }
                if (encrypted) {
                    args.addAll(tls);
                }
                TestNode node = TestNode.start(dir.resolve("n" + modes.size()), args.toArray(String[]::new));
                nodes.add(node);
                String base = node.url("");
                modes.add(new Mode(name, node, encrypted ? base.replace("http://", "https://") : base, sign));
            }
            byte[] body = KIND.equals("put")
                    ? Forged.replicaWrite("bench", "k", "v".repeat(100))
                    : ReplicaCodec.encode(new ReplicaRequest.Get("bench", "k".getBytes(StandardCharsets.UTF_8)));
            OkHttpClient client = certificates
                    .client(true)
                    .connectionPool(new ConnectionPool(THREADS * 8, 5, TimeUnit.MINUTES))
                    .build();
            client.dispatcher().setMaxRequestsPerHost(THREADS * 2);
            for (Mode mode : modes) {
                call(client, mode, Forged.replicaWrite("bench", "k", "v".repeat(100)));
            }
            OkHttpClient withoutCertificate = certificates.client(false).build();
            try {
                call(withoutCertificate, modes.get(2), body);
                throw new AssertionError("a TLS node took a caller without a client certificate: not mutual TLS");
            } catch (IOException expected) {
                System.out.println("# mutual TLS: a caller without the node certificate is refused (" + expected + ")");
            }
            System.out.printf(
                    "# replica %s, %d closed-loop callers, %d s rounds, %d cores, JDK %s, load average %.1f%n",
                    KIND,
                    THREADS,
                    ROUND_SECONDS,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            System.out.println("| mode | round | requests/s | p50 µs | p99 µs |");
            System.out.println("|---|---|---|---|---|");
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int round = 0; round <= ROUNDS; round++) {
                for (int i = 0; i < modes.size(); i++) {
                    Mode mode = modes.get((i + round) % modes.size());
                    double[] r = round(client, mode, body);
                    if (round > 0) {
                        results.computeIfAbsent(mode.name(), k -> new ArrayList<>())
                                .add(r);
                    }
                    System.out.printf(
                            "| %s | %s | %.0f | %.0f | %.0f |%n",
                            mode.name(), round == 0 ? "warm-up" : Integer.toString(round), r[0], r[1], r[2]);
                }
            }
            System.out.printf(
                    "# load average after: %.1f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            System.out.println(
                    "| mode | median of rounds, requests/s | best round, requests/s | median p50 µs | median p99 µs |");
            System.out.println("|---|---|---|---|---|");
            for (Mode mode : modes) {
                List<double[]> rs = results.get(mode.name());
                System.out.printf(
                        "| %s | %.0f | %.0f | %.0f | %.0f |%n",
                        mode.name(), median(rs, 0), max(rs, 0), median(rs, 1), median(rs, 2));
            }
        } finally {
            for (TestNode node : nodes) {
                node.close();
            }
        }
    }

    private static double median(List<double[]> rounds, int field) {
        double[] values = rounds.stream().mapToDouble(r -> r[field]).sorted().toArray();
        return values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static double max(List<double[]> rounds, int field) {
        return rounds.stream().mapToDouble(r -> r[field]).max().orElse(0);
    }

    private static double[] round(OkHttpClient client, Mode mode, byte[] body) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_SECONDS);
        long[][] latencies = new long[THREADS][];
        int[] counts = new int[THREADS];
        Exception[] failures = new Exception[THREADS];
        CountDownLatch done = new CountDownLatch(THREADS);
        long started = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        call(client, mode, body);
                        long took = System.nanoTime() - s;
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = took;
                    }
                } catch (Exception e) {
                    failures[id] = e;
                } finally {
                    latencies[id] = mine;
                    counts[id] = n;
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        for (Exception failure : failures) {
            if (failure != null) {
                throw new IllegalStateException("a caller failed, so the round is not valid", failure);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < THREADS; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new double[] {total / seconds, all[total / 2] / 1e3, all[(int) (total * 0.99)] / 1e3};
    }

    private static void call(OkHttpClient client, Mode mode, byte[] body) throws IOException {
        Request request = new Request.Builder()
                .url(mode.base() + OkHttpReplicaTransport.PATH)
                .post(RequestBody.create(body, MediaType.get(ReplicaCodec.MEDIA_TYPE)))
                .build();
        if (mode.sign()) {
            request = SIGNER.sign(request);
        }
        try (Response response = client.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IOException(mode.name() + ": HTTP " + response.code() + ": "
                        + response.body().string());
            }
            response.body().bytes();
        }
    }

    /** One thread: signing a call (body digest and HMAC) and checking it, per body size. */
    private static void microCost() throws Exception {
        InternalSignature signature = new InternalSignature(List.of(TestNode.CLUSTER_SECRET));
        for (int size : new int[] {64, 1024, 64 * 1024, 1 << 20}) {
            byte[] body = new byte[size];
            int iterations = Math.max(200, (int) (200_000_000L / Math.max(size, 1000)));
            long sink = 0;
            for (int pass = 0; pass < 2; pass++) {
                long start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    byte[] digest = InternalSignature.digest(body, 0, body.length);
                    String signed =
                            signature.sign("POST", "localhost:8080", "/internal/v1/replica", "n1", i, "nonce", digest);
                    byte[] again = InternalSignature.digest(body, 0, body.length);
                    sink += signature.verify(
                                    signed, "POST", "localhost:8080", "/internal/v1/replica", "n1", i, "nonce", again)
                            ? 1
                            : 0;
                }
                if (pass == 1) {
                    System.out.printf(
                            "# sign + check one call with a %d-byte body: %.1f µs (one thread, %d iterations)%n",
                            size, (System.nanoTime() - start) / 1e3 / iterations, iterations);
                }
            }
            if (sink == 0) {
                throw new AssertionError();
            }
        }
    }
}
