package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What clients write stays written: across a restart, and with many clients at once. */
class NodeDurabilityTest {
    @TempDir
    Path dataDir;

    @Test
    void everythingAcknowledgedBeforeAShutdownIsReadAfterTheRestart() throws Exception {
        String context;
        try (TestNode node = TestNode.start(dataDir)) {
            for (int i = 0; i < 200; i++) {
                assertThat(node.put("/v1/buckets/durable/keys/k" + i, "text/plain", "v" + i)
                                .status())
                        .isEqualTo(204);
            }
            node.put("/v1/buckets/durable/keys/sib", "text/plain", "a");
            context =
                    node.put("/v1/buckets/durable/keys/sib", "text/plain", "b").header("X-Ringkv-Context");
            node.delete("/v1/buckets/durable/keys/k7");
        }
        try (TestNode node = TestNode.start(dataDir)) {
            for (int i = 0; i < 200; i++) {
                Reply get = node.get("/v1/buckets/durable/keys/k" + i);
                if (i == 7) {
                    assertThat(get.status()).isEqualTo(404);
                } else {
                    assertThat(get.body()).isEqualTo("v" + i);
                }
            }
            Reply siblings = node.get("/v1/buckets/durable/keys/sib");
            assertThat(siblings.status()).isEqualTo(300);
            assertThat(siblings.header("X-Ringkv-Context")).isEqualTo(context);
            node.put("/v1/buckets/durable/keys/sib", "text/plain", "resolved", "X-Ringkv-Context", context);
            assertThat(node.get("/v1/buckets/durable/keys/sib").body()).isEqualTo("resolved");
        }
    }

    @Test
    void concurrentClientsReadTheirOwnWritesAndBlindWritersAllSurviveAsSiblings() throws Exception {
        int clients = 8;
        int perClient = 100;
        try (TestNode node = TestNode.start(dataDir)) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Callable<Integer> work = () -> {
                    int ok = 0;
                    for (int i = 0; i < perClient; i++) {
                        String path = "/v1/buckets/busy/keys/c" + client + "-" + i;
                        node.put(path, "text/plain", "value-" + client + "-" + i);
                        if (node.get(path).body().equals("value-" + client + "-" + i)) {
                            ok++;
                        }
                    }
                    node.put("/v1/buckets/busy/keys/shared", "text/plain", "from-" + client);
                    return ok;
                };
                results.add(pool.submit(work));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get();
            }
            pool.shutdown();

            assertThat(ok).isEqualTo(clients * perClient);
            Reply shared = node.get("/v1/buckets/busy/keys/shared");
            assertThat(shared.status()).isEqualTo(300);
            assertThat(shared.json().path("siblings").size()).isEqualTo(clients);
            int listed = 0;
            String cursor = null;
            do {
                Reply page = node.get("/v1/buckets/busy/keys?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
                listed += page.json().path("keys").size();
                cursor = page.json().has("cursor") ? page.json().path("cursor").asString() : null;
            } while (cursor != null);
            assertThat(listed).isEqualTo(clients * perClient + 1);
        }
    }
}
