package io.ringkv.membershipit;

import io.ringkv.faults.FaultCluster;
import io.ringkv.faults.FaultNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster-change routes of docs/cluster.md, asked as an operator would: stage, plan, commit, and
 * the ring each node holds (its version, members, and whether a transition is running).
 */
final class ClusterAdmin {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    /** An answer: its status and JSON body (null when it has none). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * The ring a node holds: version, members, and whether it is stable (no transition): null when the
     * node's answer does not show its transition.
     */
    record RingView(long version, Set<String> members, Boolean stable) {}

    private final OkHttpClient http;

    ClusterAdmin(OkHttpClient http) {
        this.http = http;
    }

    Answer call(String method, FaultNode node, String path, Map<String, Object> body) throws IOException {
        Request.Builder request = new Request.Builder()
                .url(node.base() + path)
                .header("Authorization", "Bearer " + FaultCluster.CLIENT_KEY)
                .header("Accept", "application/json");
        RequestBody content = body == null ? null : RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
        request.method(method, content);
        try (Response r = http.newCall(request.build()).execute()) {
            byte[] bytes = r.body().bytes();
            JsonNode json = null;
            if (bytes.length > 0) {
                try {
                    json = JSON.readTree(bytes);
                } catch (RuntimeException e) {
                    json = null;
                }
            }
            return new Answer(r.code(), json);
        }
    }

    /** Whether the node serves the cluster-change routes at all (not the router's 404). */
    boolean servesClusterChanges(FaultNode node) throws IOException {
        Answer plan = call("GET", node, "/v1/admin/cluster/plan", null);
        return !(plan.status() == 404
                && plan.body() != null
                && plan.body().path("type").asString().endsWith("no-such-route"));
    }

    /** Stages {@code change} ({@code join}, {@code leave}, ...) and commits the plan; answers the committed plan. */
    JsonNode stageAndCommit(FaultNode at, String change, Map<String, Object> body) throws IOException {
        Answer staged = call("POST", at, "/v1/admin/cluster/" + change, body);
        require(staged.ok(), change + " " + body + " refused: " + staged);
        Answer plan = call("GET", at, "/v1/admin/cluster/plan", null);
        require(plan.ok(), "plan refused: " + plan);
        Answer committed = call(
                "POST",
                at,
                "/v1/admin/cluster/commit",
                Map.of("plan", plan.body().path("id").asString()));
        require(committed.ok(), "commit of " + plan.body() + " refused: " + committed);
        return plan.body();
    }

    /** The ring {@code node} holds; null when it does not answer. */
    RingView ring(FaultNode node) {
        try {
            Answer ring = call("GET", node, "/v1/cluster/ring", null);
            if (!ring.ok() || ring.body() == null) {
                return null;
            }
            Set<String> members = new TreeSet<>();
            ring.body().path("members").forEach(m -> members.add(m.path("id").asString()));
            JsonNode transition = ring.body().path("transition");
            Boolean stable = ring.body().has("stable")
                    ? Boolean.valueOf(ring.body().path("stable").asBoolean())
                    : transition.isMissingNode() ? null : transition.isNull();
            return new RingView(ring.body().path("version").asLong(), members, stable);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the claimant (asked through {@code node}) still has a transition under way: its plan is
     * refused as "still moving" until every transfer is done and the stable ring is made.
     */
    boolean moving(FaultNode node) {
        try {
            Answer plan = call("GET", node, "/v1/admin/cluster/plan", null);
            return plan.status() != 409
                    ? plan.status() / 100 != 2
                    : plan.body() == null
                            || plan.body().path("detail").asString("").contains("moving");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The key's preference list as {@code node} answers it. */
    List<String> replicas(FaultNode node, String bucket, String key) throws IOException {
        Answer list = call("GET", node, "/v1/cluster/preference-list/" + bucket + "/" + key, null);
        require(list.ok(), "preference list of " + bucket + "/" + key + ": " + list);
        List<String> ids = new ArrayList<>();
        list.body().path("nodes").forEach(n -> ids.add(n.asString()));
        return ids;
    }

    static void require(boolean condition, String why) {
        if (!condition) {
            throw new IllegalStateException(why);
        }
    }
}
