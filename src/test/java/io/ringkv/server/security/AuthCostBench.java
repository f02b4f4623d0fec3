package io.ringkv.server.security;

import io.ringkv.replica.ReplicaCodec;
import io.ringkv.replica.ReplicaRequest;
import io.ringkv.server.TestNode;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * The cost of signed internal calls on the replica path, in one run: two nodes in one JVM, one with
 * a cluster secret and one without (loopback), the same replica requests sent to each in
 * alternating rounds by the same closed-loop callers; each request to the first is signed as a
 * coordinator signs it. Prints requests per second and latency percentiles per round, and the
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

    /** One signer, as a node has. */
    private static final RequestSigner SIGNER = new RequestSigner(
            new InternalSignature(List.of(TestNode.CLUSTER_SECRET)), "bench", InternalAuthTest.SYSTEM);

    @TempDir
    Path dir;

    @Test
    void signedAgainstLoopbackOnTheReplicaPath() throws Exception {
        microCost();
        try (TestNode signed = TestNode.start(
                        dir.resolve("signed"),
                        "--ringkv.node-id=signed",
                        TestNode.CLUSTER_SECRET_SETTING,
                        "--ringkv.commitlog.sync=none",
                        "--logging.level.root=warn");
                TestNode open = TestNode.start(
                        dir.resolve("open"),
                        "--ringkv.node-id=open",
                        "--ringkv.commitlog.sync=none",
                        "--logging.level.root=warn")) {
            byte[] body = KIND.equals("put")
                    ? Forged.replicaWrite("bench", "k", "v".repeat(100))
                    : ReplicaCodec.encode(new ReplicaRequest.Get("bench", "k".getBytes(StandardCharsets.UTF_8)));
            for (TestNode node : List.of(signed, open)) {
                call(node, node == signed, Forged.replicaWrite("bench", "k", "v".repeat(100)));
            }
            OkHttpClient client = new OkHttpClient.Builder()
                    .connectionPool(new ConnectionPool(THREADS * 2, 5, TimeUnit.MINUTES))
                    .build();
            System.out.printf(
                    "# replica %s, %d closed-loop callers, %d s rounds, %d cores%n",
                    KIND, THREADS, ROUND_SECONDS, Runtime.getRuntime().availableProcessors());
            System.out.println("| mode | round | requests/s | p50 µs | p99 µs |");
            System.out.println("|---|---|---|---|---|");
            List<double[]> results = new ArrayList<>();
            for (int round = 0; round <= ROUNDS; round++) {
                for (boolean sign : new boolean[] {round % 2 == 0, round % 2 != 0}) {
                    TestNode node = sign ? signed : open;
                    double[] r = round(client, node, sign, body);
                    if (round > 0) {
                        results.add(new double[] {sign ? 1 : 0, r[0], r[1], r[2]});
                    }
                    System.out.printf(
                            "| %s | %s | %.0f | %.0f | %.0f |%n",
                            sign ? "signed" : "unsigned (loopback)",
                            round == 0 ? "warm-up" : Integer.toString(round),
                            r[0],
                            r[1],
                            r[2]);
                }
            }
            for (int mode = 1; mode >= 0; mode--) {
                int m = mode;
                double[] rps = results.stream()
                        .filter(r -> r[0] == m)
                        .mapToDouble(r -> r[1])
                        .sorted()
                        .toArray();
                double[] p99 = results.stream()
                        .filter(r -> r[0] == m)
                        .mapToDouble(r -> r[3])
                        .sorted()
                        .toArray();
                System.out.printf(
                        "# %s: median of rounds %.0f requests/s, p99 %.0f µs%n",
                        m == 1 ? "signed" : "unsigned", rps[rps.length / 2], p99[p99.length / 2]);
            }
        }
    }

    private static double[] round(OkHttpClient client, TestNode node, boolean sign, byte[] body) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_SECONDS);
        long[][] latencies = new long[THREADS][];
        int[] counts = new int[THREADS];
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
                        call(client, node, sign, body);
                        long took = System.nanoTime() - s;
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = took;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    latencies[id] = mine;
                    counts[id] = n;
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
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

    private static void call(TestNode node, boolean sign, byte[] body) throws IOException {
        call(TestNode.HTTP, node, sign, body);
    }

    private static void call(OkHttpClient client, TestNode node, boolean sign, byte[] body) throws IOException {
        Request request = new Request.Builder()
                .url(node.url(OkHttpReplicaTransport.PATH))
                .post(RequestBody.create(body, MediaType.get(ReplicaCodec.MEDIA_TYPE)))
                .build();
        if (sign) {
            request = SIGNER.sign(request);
        }
        try (Response response = client.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IOException(
                        "HTTP " + response.code() + ": " + response.body().string());
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
