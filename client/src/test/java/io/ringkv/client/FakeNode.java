package io.ringkv.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers each path with a fixed status, content type and body, and
 * records the paths it was asked: a node that answers what the test wants (garbage included).
 */
final class FakeNode implements AutoCloseable {
    record Answer(int status, String contentType, String body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Each request's Authorization header ("-" when it had none), in the order of {@link #requests}. */
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    FakeNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests whose path starts with {@code prefix} (the longest prefix wins). */
    FakeNode answer(String prefix, int status, String contentType, String body) {
        answers.put(prefix, new Answer(status, contentType, body));
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "-" : authorization);
        requests.add(exchange.getRequestMethod() + " " + path);
        exchange.getRequestBody().readAllBytes();
        Answer answer = null;
        int best = -1;
        for (Map.Entry<String, Answer> e : answers.entrySet()) {
            if (path.startsWith(e.getKey()) && e.getKey().length() > best) {
                answer = e.getValue();
                best = e.getKey().length();
            }
        }
        if (answer == null) {
            answer = new Answer(404, "text/plain", "nothing here");
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        }
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    long count(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
