package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.server.TestNode;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes with TLS on their port (an SSL bundle) and on the calls between them (the same bundle),
 * signed with the cluster secret: a write at one is read at the other, all over TLS.
 */
class TlsClusterTest {
    @TempDir
    Path dir;

    @Test
    void twoNodesServeClientsAndEachOtherOverTls() throws Exception {
        ClusterCertificates certificates = ClusterCertificates.make(dir);

        int[] ports = FreePorts.distinct(2);
        String seeds = "localhost:" + ports[0] + ",localhost:" + ports[1];
        TestNode[] nodes = new TestNode[2];
        try {
            for (int i = 0; i < 2; i++) {
                List<String> settings = new ArrayList<>(certificates.bundleSettings());
                settings.addAll(List.of(
                        "--server.port=" + ports[i],
                        "--ringkv.node-id=t" + i,
                        "--ringkv.seeds=" + seeds,
                        "--ringkv.cluster.advertised-address=localhost:" + ports[i],
                        "--ringkv.ring.partitions=64",
                        "--ringkv.bucket-defaults.n=2",
                        TestNode.CLUSTER_SECRET_SETTING,
                        "--server.ssl.bundle=node",
                        "--ringkv.security.internal-ssl-bundle=node"));
                nodes[i] = TestNode.start(dir.resolve("n" + i), settings.toArray(String[]::new));
            }
            OkHttpClient https = certificates.client(false).build();
            for (int port : ports) {
                Await.until(
                        "the node is ready over TLS",
                        60,
                        () -> status(https, port, "/actuator/health/readiness") == 200);
            }

            try (Response put = https.newCall(new Request.Builder()
                            .url("https://localhost:" + ports[0] + "/v1/buckets/b/keys/k")
                            .put(RequestBody.create("over tls", MediaType.get("text/plain")))
                            .build())
                    .execute()) {
                assertThat(put.code()).isEqualTo(204);
            }
            try (Response get = https.newCall(new Request.Builder()
                            .url("https://localhost:" + ports[1] + "/v1/buckets/b/keys/k?r=all")
                            .build())
                    .execute()) {
                assertThat(get.code()).isEqualTo(200);
                assertThat(get.body().string()).isEqualTo("over tls");
            }
            assertThatThrownBy(() -> TestNode.HTTP
                            .newCall(new Request.Builder()
                                    .url("https://localhost:" + ports[0] + "/ping")
                                    .build())
                            .execute()
                            .close())
                    .as("a client that does not trust the cluster's certificate gets no answer")
                    .isInstanceOf(javax.net.ssl.SSLException.class);
        } finally {
            for (TestNode node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    private static int status(OkHttpClient client, int port, String path) {
        try (Response response = client.newCall(new Request.Builder()
                        .url("https://localhost:" + port + path)
                        .build())
                .execute()) {
            return response.code();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
