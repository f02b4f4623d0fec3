package io.ringkv.server;

import io.ringkv.port.Clock;
import io.ringkv.server.security.InternalSignature;
import io.ringkv.server.security.RequestSigner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real ringkv node on a random port, with a clock tests can move forward, and an OkHttp client
 * to talk to it.
 */
public final class TestNode implements AutoCloseable {
    public static final OkHttpClient HTTP =
            new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The cluster secret the multi-node tests run with (docs/security.md): their internal calls are signed. */
    public static final String CLUSTER_SECRET = "test-cluster-secret-0123456789";

    public static final String CLUSTER_SECRET_SETTING = "--ringkv.security.cluster-secret=" + CLUSTER_SECRET;

    /** Signs as one member does: one run whose counter goes up with every call. */
    private static final RequestSigner SIGNER =
            new RequestSigner(new InternalSignature(List.of(CLUSTER_SECRET)), "test-peer", new OffsetClock());

    /** {@code request} signed with {@link #CLUSTER_SECRET}, as a member named test-peer sends it. */
    public static Request signed(Request request) throws IOException {
        return SIGNER.sign(request);
    }

    private final ConfigurableApplicationContext context;
    private final OffsetClock clock;
    private final String base;

    private TestNode(ConfigurableApplicationContext context, OffsetClock clock) {
        this.context = context;
        this.clock = clock;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.base = "http://localhost:" + port;
    }

    /** Starts a node on {@code dataDir}; {@code args} are extra {@code --name=value} settings. */
    public static TestNode start(Path dataDir, String... args) {
        OffsetClock clock = new OffsetClock();
        List<String> all = new ArrayList<>();
        for (String setting : List.of(
                "--server.port=0",
                "--ringkv.data-dir=" + dataDir,
                "--ringkv.node-id=test-node",
                "--spring.main.banner-mode=off")) {
            // A setting given in args replaces the default, rather than being listed twice.
            String name = setting.substring(0, setting.indexOf('=') + 1);
            if (List.of(args).stream().noneMatch(a -> a.startsWith(name))) {
                all.add(setting);
            }
        }
        all.addAll(List.of(args));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RingkvApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("testClock", clock))
                .run(all.toArray(String[]::new));
        return new TestNode(context, clock);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Moves the node's wall clock forward. */
    public void advanceClock(long millis) {
        clock.offset.addAndGet(millis);
    }

    public String url(String path) {
        return base + path;
    }

    public Reply get(String path, String... headers) throws IOException {
        return call("GET", path, null, null, headers);
    }

    public Reply head(String path, String... headers) throws IOException {
        return call("HEAD", path, null, null, headers);
    }

    public Reply delete(String path, String... headers) throws IOException {
        return call("DELETE", path, null, null, headers);
    }

    public Reply put(String path, String contentType, byte[] body, String... headers) throws IOException {
        return call("PUT", path, contentType, body, headers);
    }

    public Reply put(String path, String contentType, String body, String... headers) throws IOException {
        return put(path, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** Any method and body; {@code headers} are name, value pairs. */
    public Reply call(String method, String path, String contentType, byte[] body, String... headers)
            throws IOException {
        Request.Builder builder = new Request.Builder().url(url(path));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        RequestBody requestBody = body == null
                ? (method.equals("PUT") || method.equals("POST") ? RequestBody.create(new byte[0]) : null)
                : RequestBody.create(body, contentType == null ? null : MediaType.get(contentType));
        builder.method(method, requestBody);
        return execute(builder.build());
    }

    public static Reply execute(Request request) throws IOException {
        try (Response response = HTTP.newCall(request).execute()) {
            return new Reply(
                    response.code(), response.headers(), response.body().bytes());
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** A status, headers and body. */
    public record Reply(int status, okhttp3.Headers headers, byte[] bytes) {
        public String body() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name);
        }

        public JsonNode json() {
            return JSON.readTree(bytes);
        }

        @Override
        public String toString() {
            return status + " " + headers + body();
        }
    }

    /** The system clock, with wall time moved forward on demand. */
    static final class OffsetClock implements Clock {
        final AtomicLong offset = new AtomicLong();

        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offset.get();
        }

        @Override
        public void park(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
