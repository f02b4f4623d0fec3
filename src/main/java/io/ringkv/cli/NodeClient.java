package io.ringkv.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to one node's REST API. Every failure becomes an {@link AdminException} naming the node and the
 * cause: {@link ExitCodes#UNREACHABLE} when the node cannot be reached or does not answer in time,
 * {@link ExitCodes#FAILED} when it answers with an error (its problem's type and detail).
 */
public final class NodeClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String node;
    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final String apiKey;

    public NodeClient(String node, Duration timeout) {
        this(node, timeout, null);
    }

    /** A client of {@code node} sending {@code apiKey} as a bearer token (null or blank: none). */
    public NodeClient(String node, Duration timeout, String apiKey) {
        this.node = node;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.timeout = timeout;
        String url = node.contains("://") ? node : "http://" + node;
        try {
            this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new AdminException(ExitCodes.USAGE, "--node " + node + ": not a host:port (" + e.getMessage() + ")");
        }
        if (base.getHost() == null) {
            throw new AdminException(ExitCodes.USAGE, "--node " + node + ": not a host:port");
        }
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The node as the user named it. */
    public String node() {
        return node;
    }

    /** A path segment, percent-encoded (a slash in it too). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET {@code path}; the answer's JSON, or an {@link AdminException}. */
    public JsonNode get(String path) {
        return get(path, Set.of());
    }

    /** GET {@code path}, taking the statuses in {@code alsoOk} as answers too (a health check's 503). */
    public JsonNode get(String path, Set<Integer> alsoOk) {
        return call(HttpRequest.newBuilder(uri(path)).GET(), path, alsoOk);
    }

    /** POST {@code body} as JSON to {@code path}. */
    public JsonNode post(String path, Object body) {
        String json = JSON.writeValueAsString(body);
        return call(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                path,
                Set.of());
    }

    /** DELETE {@code path}; an answer without a body (204) is an empty object. */
    public JsonNode delete(String path) {
        return call(HttpRequest.newBuilder(uri(path)).DELETE(), path, Set.of());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private JsonNode call(HttpRequest.Builder request, String path, Set<Integer> alsoOk) {
        HttpResponse<String> response;
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            response = http.send(
                    request.timeout(timeout)
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + seconds(timeout), e);
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer to " + path + " within " + seconds(timeout), e);
        } catch (ConnectException e) {
            throw unreachable("connection refused (is a node listening there?)", e);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String cause = root instanceof UnresolvedAddressException
                    ? "unknown host " + base.getHost()
                    : root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            throw unreachable(cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted", e);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status / 100 == 2 || alsoOk.contains(status)) {
            if (body == null && status == 204) {
                return JSON.createObjectNode();
            }
            if (body == null) {
                throw new AdminException(
                        ExitCodes.FAILED, node + ": " + path + " answered " + status + " without a JSON body");
            }
            return body;
        }
        throw new AdminException(ExitCodes.FAILED, node + ": " + problem(path, status, body));
    }

    private static String problem(String path, int status, JsonNode body) {
        if (body == null || !body.has("type")) {
            return path + " answered " + status;
        }
        String type = body.path("type").asString();
        if (type.startsWith("urn:ringkv:problem:")) {
            type = type.substring("urn:ringkv:problem:".length());
        }
        String detail = body.path("detail").asString("");
        return status + " " + type + (detail.isEmpty() ? "" : ": " + detail);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private AdminException unreachable(String cause, Throwable e) {
        return new AdminException(ExitCodes.UNREACHABLE, node + ": unreachable: " + cause, e);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
