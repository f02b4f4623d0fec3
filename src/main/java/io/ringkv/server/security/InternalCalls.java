package io.ringkv.server.security;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;

/**
 * How this node's calls to other nodes are secured: signed with the cluster secret when there is
 * one, and over TLS with an SSL bundle (the same mechanism as the client port's) when one is named.
 * Applied to the one OkHttp client of the internal plane.
 */
public final class InternalCalls {
    private final @Nullable RequestSigner signer;
    private final @Nullable SslBundle tls;

    InternalCalls(@Nullable RequestSigner signer, @Nullable SslBundle tls) {
        this.signer = signer;
        this.tls = tls;
    }

    /** Adds TLS and the signing interceptor, as configured, to the internal plane's client. */
    public OkHttpClient.Builder configure(OkHttpClient.Builder builder) {
        if (tls != null) {
            SSLContext context = tls.createSslContext();
            builder.sslSocketFactory(context.getSocketFactory(), trustManager(tls));
            // Peers are addressed as host:port; every call goes to https://host:port.
            builder.addInterceptor(chain -> {
                Request request = chain.request();
                return chain.proceed(
                        request.isHttps()
                                ? request
                                : request.newBuilder()
                                        .url(request.url()
                                                .newBuilder()
                                                .scheme("https")
                                                .build())
                                        .build());
            });
        }
        if (signer != null) {
            builder.addInterceptor(signer);
        }
        return builder;
    }

    public boolean signed() {
        return signer != null;
    }

    public boolean encrypted() {
        return tls != null;
    }

    private static X509TrustManager trustManager(SslBundle bundle) {
        try {
            for (TrustManager manager : bundle.getManagers().getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("ringkv.security.internal-ssl-bundle: no trust managers: " + e, e);
        }
        throw new IllegalStateException("ringkv.security.internal-ssl-bundle: the bundle has no X.509 trust manager");
    }
}
