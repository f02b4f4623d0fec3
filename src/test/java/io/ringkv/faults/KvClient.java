package io.ringkv.faults;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workload's view of the client API: a read answers the live values among the siblings and the
 * causal context; a write or delete answers its outcome. Every call is one HTTP request (OkHttp's
 * silent retry is off, so a write is never sent twice).
 */
public final class KvClient {
    static final String CONTEXT = "X-Ringkv-Context";
    private static final MediaType TEXT = MediaType.get("text/plain");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OkHttpClient http;

    public KvClient(long callTimeoutMillis) {
        this.http = new OkHttpClient.Builder()
                .connectTimeout(1, TimeUnit.SECONDS)
                .readTimeout(callTimeoutMillis, TimeUnit.MILLISECONDS)
                .callTimeout(callTimeoutMillis, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .addInterceptor(chain -> chain.proceed(chain.request()
                        .newBuilder()
                        .header("Authorization", "Bearer " + FaultCluster.CLIENT_KEY)
                        .build()))
                .build();
    }

    public OkHttpClient http() {
        return http;
    }

    /** A read's result: the outcome, the live values (repeats kept), tombstones, the context. */
    public record Read(Op.Outcome outcome, List<String> values, int tombstones, String context, String detail) {}

    /** A write's or delete's result. */
    public record Write(Op.Outcome outcome, String detail) {}

    public Read read(String base, String bucket, String key) {
        Request request = new Request.Builder()
                .url(base + "/v1/buckets/" + bucket + "/keys/" + key + "?r=quorum")
                .header("Accept", "*/*")
                .build();
        try (Response response = http.newCall(request).execute()) {
            byte[] body = response.body().bytes();
            int status = response.code();
            String context = response.header(CONTEXT);
            if (status == 200) {
                return new Read(Op.Outcome.OK, List.of(new String(body, StandardCharsets.UTF_8)), 0, context, "");
            }
            if (status == 404) {
                return new Read(Op.Outcome.OK, List.of(), 0, context, "");
            }
            if (status == 300) {
                List<String> values = new ArrayList<>();
                int tombstones = 0;
                JsonNode siblings = JSON.readTree(body).path("siblings");
                for (JsonNode s : siblings) {
                    if (s.path("deleted").asBoolean()) {
                        tombstones++;
                    } else {
                        values.add(s.path("value").asString());
                    }
                }
                return new Read(Op.Outcome.OK, values, tombstones, context, "");
            }
            return new Read(Op.Outcome.FAIL, List.of(), 0, null, status + " " + problemType(body));
        } catch (IOException e) {
            return new Read(Op.Outcome.FAIL, List.of(), 0, null, e.getClass().getSimpleName());
        }
    }

    public Write put(String base, String bucket, String key, String value, String context) {
        Request.Builder request = new Request.Builder()
                .url(base + "/v1/buckets/" + bucket + "/keys/" + key + "?w=quorum")
                .put(RequestBody.create(value.getBytes(StandardCharsets.UTF_8), TEXT));
        if (context != null) {
            request.header(CONTEXT, context);
        }
        return write(request.build());
    }

    Write delete(String base, String bucket, String key, String context) {
        Request request = new Request.Builder()
                .url(base + "/v1/buckets/" + bucket + "/keys/" + key + "?w=quorum")
                .delete()
                .header(CONTEXT, context)
                .build();
        return write(request);
    }

    private Write write(Request request) {
        try (Response response = http.newCall(request).execute()) {
            byte[] body = response.body().bytes();
            int status = response.code();
            if (status >= 200 && status < 300) {
                return new Write(Op.Outcome.OK, "");
            }
            String type = problemType(body);
            if (status == 503 && type.endsWith("cluster-not-ready")) {
                return new Write(Op.Outcome.FAIL, status + " " + type);
            }
            if (status == 503 || status >= 500) {
                // replicas-unavailable: the write may be stored at some replicas; 500: unknown.
                return new Write(Op.Outcome.UNKNOWN, status + " " + type);
            }
            return new Write(Op.Outcome.FAIL, status + " " + type);
        } catch (ConnectException e) {
            return new Write(Op.Outcome.FAIL, "connection refused");
        } catch (InterruptedIOException e) {
            return new Write(Op.Outcome.UNKNOWN, "timeout");
        } catch (IOException e) {
            return new Write(Op.Outcome.UNKNOWN, e.getClass().getSimpleName());
        }
    }

    private static String problemType(byte[] body) {
        try {
            return JSON.readTree(body).path("type").asString().replace("urn:ringkv:problem:", "");
        } catch (RuntimeException e) {
            return "";
        }
    }
}
