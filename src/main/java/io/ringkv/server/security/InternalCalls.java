package io.ringkv.server.security;

import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How this node's calls to other nodes are secured: signed with the cluster secret when there is
 * one. Applied to the one OkHttp client of the internal plane.
 */
public final class InternalCalls {
    private final @Nullable RequestSigner signer;

    InternalCalls(@Nullable RequestSigner signer) {
        this.signer = signer;
    }

    /** Adds the signing interceptor (when a secret is configured) to the internal plane's client. */
    public OkHttpClient.Builder configure(OkHttpClient.Builder builder) {
        if (signer != null) {
            builder.addInterceptor(signer);
        }
        return builder;
    }

    public boolean signed() {
        return signer != null;
    }
}
