package io.ringkv.server.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import io.ringkv.kv.EncodingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ways a call to another node runs — enqueued on OkHttp's dispatcher, or synchronously on an
 * executor's thread (virtual threads in production, on Java 21+) — answer alike, against a real
 * loopback server.
 */
class BinaryCallsTest {
    private static final MediaType BINARY = MediaType.get("application/octet-stream");

    private WireMockServer peer;
    private OkHttpClient client;
    private ExecutorService threads;
    private final AtomicInteger ranOnExecutor = new AtomicInteger();

    @BeforeEach
    void start() {
        peer = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        peer.start();
        client = new OkHttpClient.Builder()
                .readTimeout(2, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false)
                .build();
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() {
        peer.stop();
        threads.shutdownNow();
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
    }

    private Executor blocking(boolean synchronous) {
        if (!synchronous) {
            return null;
        }
        return task -> {
            ranOnExecutor.incrementAndGet();
            threads.execute(task);
        };
    }

    private CompletableFuture<String> call(boolean synchronous, String path) {
        return BinaryCalls.post(
                client,
                blocking(synchronous),
                HttpUrl.get(peer.baseUrl()).newBuilder().encodedPath(path).build(),
                BINARY,
                new byte[] {1, 2, 3},
                "peer-x",
                16,
                bytes -> {
                    if (bytes.length == 0) {
                        throw new EncodingException("empty answer");
                    }
                    return new String(bytes, StandardCharsets.UTF_8);
                });
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the call neither answered nor failed", e);
        }
        throw new AssertionError("the call succeeded");
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void anAnswerIsDecodedAndFailuresNameWhatWentWrong(boolean synchronous) throws Exception {
        peer.stubFor(
                post(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200).withBody("answer")));
        peer.stubFor(post(urlEqualTo("/refused")).willReturn(aResponse().withStatus(503)));
        peer.stubFor(
                post(urlEqualTo("/big")).willReturn(aResponse().withStatus(200).withBody("x".repeat(17))));
        peer.stubFor(post(urlEqualTo("/empty")).willReturn(aResponse().withStatus(200)));
        peer.stubFor(post(urlEqualTo("/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(call(synchronous, "/ok").get(5, TimeUnit.SECONDS)).isEqualTo("answer");
        assertThat(failure(call(synchronous, "/refused")))
                .isInstanceOf(IOException.class)
                .hasMessage("peer-x answered HTTP 503");
        assertThat(failure(call(synchronous, "/big"))).hasMessage("peer-x answered more than 16 bytes");
        assertThat(failure(call(synchronous, "/empty"))).isInstanceOf(EncodingException.class);
        assertThat(failure(call(synchronous, "/reset"))).isInstanceOf(IOException.class);
        assertThat(ranOnExecutor.get()).isEqualTo(synchronous ? 5 : 0);
    }

    @Test
    void anExecutorThatNoLongerTakesCallsFailsTheCall() {
        Executor closed = task -> {
            throw new RejectedExecutionException("shut down");
        };
        CompletableFuture<String> future = BinaryCalls.post(
                client, closed, HttpUrl.get(peer.baseUrl()), BINARY, new byte[0], "peer-x", 16, bytes -> "never");

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(IOException.class)
                .hasMessage("the node is shutting down");
    }
}
