package io.ringkv.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in node on a local port that answers each route with a scripted status and body and
 * records every request: for the command line's side of a contract (the routes, their bodies, what
 * it prints of each answer) where a real node's answer would depend on a whole cluster.
 */
final class ContractNode implements AutoCloseable {
    record Answer(int status, String contentType, String body) {}

    record Call(String method, String path, String body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();

    ContractNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            calls.add(new Call(exchange.getRequestMethod(), path, body));
            Answer answer = answers.get(exchange.getRequestMethod() + " " + path);
            if (answer == null) {
                answer = problem(404, "no-such-route", "no route " + path);
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            if (!answer.body().isEmpty()) {
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    /** Answers {@code method path} (e.g. {@code GET /v1/admin/cluster/plan}) with JSON. */
    ContractNode on(String route, int status, String json) {
        answers.put(route, new Answer(status, "application/json", json));
        return this;
    }

    /** Answers {@code method path} with a problem+json. */
    ContractNode onProblem(String route, int status, String type, String detail) {
        answers.put(route, problem(status, type, detail));
        return this;
    }

    static Answer problem(int status, String type, String detail) {
        return new Answer(
                status,
                "application/problem+json",
                "{\"type\":\"urn:ringkv:problem:" + type + "\",\"status\":" + status + ",\"detail\":\"" + detail
                        + "\"}");
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
