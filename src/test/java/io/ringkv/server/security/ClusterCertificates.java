package io.ringkv.server.security;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * A self-signed node certificate for localhost (PKCS12 keystore, made with the JDK's keytool) and
 * a truststore holding it as the cluster's CA; and OkHttp clients that trust it.
 */
record ClusterCertificates(Path keystore, Path truststore) {
    static final String PASSWORD = "changeit";

    static ClusterCertificates make(Path dir) throws Exception {
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
        return new ClusterCertificates(keystore, truststore);
    }

    /** The settings of an SSL bundle {@code node} with this keystore and truststore. */
    List<String> bundleSettings() {
        return List.of(
                "--spring.ssl.bundle.jks.node.keystore.location=file:" + keystore,
                "--spring.ssl.bundle.jks.node.keystore.password=" + PASSWORD,
                "--spring.ssl.bundle.jks.node.keystore.type=PKCS12",
                "--spring.ssl.bundle.jks.node.truststore.location=file:" + truststore,
                "--spring.ssl.bundle.jks.node.truststore.password=" + PASSWORD,
                "--spring.ssl.bundle.jks.node.truststore.type=PKCS12");
    }

    /** A client trusting the cluster CA; presenting the node certificate too when {@code mutual}. */
    OkHttpClient.Builder client(boolean mutual) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore));
        X509TrustManager manager = (X509TrustManager) trust.getTrustManagers()[0];
        KeyManagerFactory keys = null;
        if (mutual) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystore), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), new javax.net.ssl.TrustManager[] {manager}, null);
        return new OkHttpClient.Builder()
                .sslSocketFactory(context.getSocketFactory(), manager)
                .readTimeout(30, TimeUnit.SECONDS);
    }

    /**
     * A client presenting this certificate (of another CA than {@code cluster}'s) while trusting
     * {@code cluster}'s: it reaches the TLS handshake of a cluster node, which must refuse it.
     */
    OkHttpClient.Builder clientTrusting(ClusterCertificates cluster) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(cluster.truststore));
        X509TrustManager manager = (X509TrustManager) trust.getTrustManagers()[0];
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), new javax.net.ssl.TrustManager[] {manager}, null);
        return new OkHttpClient.Builder()
                .sslSocketFactory(context.getSocketFactory(), manager)
                .readTimeout(30, TimeUnit.SECONDS);
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(path.toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).inheritIO().start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + command);
        }
    }
}
