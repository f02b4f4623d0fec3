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

    /**
     * Three nodes whose port requires a client certificate of the cluster's CA ({@code
     * server.ssl.client-auth=need}) and whose calls to each other present theirs (the internal SSL
     * bundle's key): writes replicate to all three; a caller without a certificate, or with one of
     * another CA, gets no answer on /internal even with a valid signature, and changes nothing.
     */
    @Test
    void threeNodesWithMutualTlsReplicateAndRefuseCallersWithoutTheClusterCertificate() throws Exception {
        ClusterCertificates certificates = ClusterCertificates.make(dir);
        java.nio.file.Files.createDirectories(dir.resolve("other-ca"));
        ClusterCertificates otherCa = ClusterCertificates.make(dir.resolve("other-ca"));

        int[] ports = FreePorts.distinct(3);
        String seeds = "localhost:" + ports[0] + ",localhost:" + ports[1] + ",localhost:" + ports[2];
        TestNode[] nodes = new TestNode[3];
        try {
            for (int i = 0; i < 3; i++) {
                List<String> settings = new ArrayList<>(certificates.bundleSettings());
                settings.addAll(List.of(
                        "--server.port=" + ports[i],
                        "--ringkv.node-id=m" + i,
                        "--ringkv.seeds=" + seeds,
                        "--ringkv.cluster.advertised-address=localhost:" + ports[i],
                        "--ringkv.ring.partitions=64",
                        "--ringkv.bucket-defaults.n=3",
                        TestNode.CLUSTER_SECRET_SETTING,
                        "--server.ssl.bundle=node",
                        "--server.ssl.client-auth=need",
                        "--ringkv.security.internal-ssl-bundle=node"));
                nodes[i] = TestNode.start(dir.resolve("m" + i), settings.toArray(String[]::new));
            }
            OkHttpClient mutual = certificates.client(true).build();
            for (int port : ports) {
                Await.until(
                        "the node is ready over mutual TLS",
                        60,
                        () -> status(mutual, port, "/actuator/health/readiness") == 200);
            }
            Await.until("every node sees three members up", 60, () -> {
                for (int port : ports) {
                    if (count(body(mutual, port, "/v1/cluster/members"), "\"status\":\"UP\"") < 3) {
                        return false;
                    }
                }
                return true;
            });

            try (Response put = mutual.newCall(new Request.Builder()
                            .url("https://localhost:" + ports[0] + "/v1/buckets/b/keys/k?w=all")
                            .put(RequestBody.create("mutual", MediaType.get("text/plain")))
                            .build())
                    .execute()) {
                assertThat(put.code())
                        .as("a write that every replica acknowledges")
                        .isEqualTo(204);
            }
            for (int port : ports) {
                try (Response get = mutual.newCall(new Request.Builder()
                                .url("https://localhost:" + port + "/v1/buckets/b/keys/k?r=all")
                                .build())
                        .execute()) {
                    assertThat(get.code()).isEqualTo(200);
                    assertThat(get.body().string()).isEqualTo("mutual");
                }
            }

            // A forged replica write, validly signed, from callers without the cluster's certificate.
            OkHttpClient noCertificate = certificates.client(false).build();
            OkHttpClient otherCertificate = otherCa.clientTrusting(certificates).build();
            for (OkHttpClient intruder : List.of(noCertificate, otherCertificate)) {
                Request forged = TestNode.signed(new Request.Builder()
                        .url("https://localhost:" + ports[1] + io.ringkv.server.transport.OkHttpReplicaTransport.PATH)
                        .post(RequestBody.create(
                                Forged.replicaWrite("b", "forged", "x"),
                                MediaType.get(io.ringkv.protocol.ReplicaCodec.MEDIA_TYPE)))
                        .build());
                assertThatThrownBy(() -> intruder.newCall(forged).execute().close())
                        .as("a caller without a certificate of the cluster's CA gets no answer")
                        .isInstanceOf(java.io.IOException.class);
            }
            for (int port : ports) {
                assertThat(status(mutual, port, "/v1/buckets/b/keys/forged?r=all"))
                        .as("nothing was stored")
                        .isEqualTo(404);
            }
        } finally {
            for (TestNode node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    private static String body(OkHttpClient client, int port, String path) {
        try (Response response = client.newCall(new Request.Builder()
                        .url("https://localhost:" + port + path)
                        .build())
                .execute()) {
            return response.body().string();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
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
