package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.server.TestNode;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
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
    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void twoNodesServeClientsAndEachOtherOverTls() throws Exception {
        Path keystore = dir.resolve("node.p12");
        Path truststore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("node.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "node",
                "-keyalg",
                "EC",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "node",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-rfc",
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "cluster-ca",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                PASSWORD);

        int[] ports = FreePorts.distinct(2);
        String seeds = "localhost:" + ports[0] + ",localhost:" + ports[1];
        TestNode[] nodes = new TestNode[2];
        try {
            for (int i = 0; i < 2; i++) {
                nodes[i] = TestNode.start(
                        dir.resolve("n" + i),
                        "--server.port=" + ports[i],
                        "--ringkv.node-id=t" + i,
                        "--ringkv.seeds=" + seeds,
                        "--ringkv.cluster.advertised-address=localhost:" + ports[i],
                        "--ringkv.ring.partitions=64",
                        "--ringkv.bucket-defaults.n=2",
                        TestNode.CLUSTER_SECRET_SETTING,
                        "--spring.ssl.bundle.jks.node.keystore.location=file:" + keystore,
                        "--spring.ssl.bundle.jks.node.keystore.password=" + PASSWORD,
                        "--spring.ssl.bundle.jks.node.keystore.type=PKCS12",
                        "--spring.ssl.bundle.jks.node.truststore.location=file:" + truststore,
                        "--spring.ssl.bundle.jks.node.truststore.password=" + PASSWORD,
                        "--spring.ssl.bundle.jks.node.truststore.type=PKCS12",
                        "--server.ssl.bundle=node",
                        "--ringkv.security.internal-ssl-bundle=node");
            }
            OkHttpClient https = client(truststore);
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

    private static void keytool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process keytool = new ProcessBuilder(command).inheritIO().start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
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

    private static OkHttpClient client(Path truststore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(truststore.toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        return new OkHttpClient.Builder()
                .sslSocketFactory(context.getSocketFactory(), trust)
                .readTimeout(30, TimeUnit.SECONDS)
                .build();
    }
}
