package io.ringkv.server.security;

import io.ringkv.port.Clock;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.HashingSink;
import okio.Okio;

/**
 * Signs every call this node makes to another node ({@link InternalSignature}): an OkHttp
 * interceptor on the one client of the internal plane. The body is written once through a SHA-256
 * hash to take its digest, without keeping a copy; replica bodies are already in memory.
 */
public final class RequestSigner implements Interceptor {
    private static final byte[] EMPTY_DIGEST = InternalSignature.digest(new byte[0], 0, 0);
    private final InternalSignature signature;
    private final String nodeId;
    private final Clock clock;
    /**
     * Nonces: a random run id drawn at start and a counter increased by one for every call, so
     * that a receiver can remember which calls of this run it has seen in a bounded bitmap
     * ({@link ReplayGuard}).
     */
    private final long run = new SecureRandom().nextLong();

    private final AtomicLong nonces = new AtomicLong();

    public RequestSigner(InternalSignature signature, String nodeId, Clock clock) {
        this.signature = signature;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(sign(chain.request()));
    }

    /** The request with its signature headers. */
    public Request sign(Request request) throws IOException {
        byte[] digest = EMPTY_DIGEST;
        RequestBody body = request.body();
        if (body != null) {
            // Hashed as it is written, into nothing: no copy of the body is kept.
            HashingSink sha = HashingSink.sha256(Okio.blackhole());
            try (BufferedSink sink = Okio.buffer(sha)) {
                body.writeTo(sink);
                sink.flush();
                digest = sha.hash().toByteArray();
            }
        }
        long time = clock.millis();
        String nonce = nonce();
        String signed = signature.sign(
                request.method(), target(request.url()), pathAndQuery(request.url()), nodeId, time, nonce, digest);
        return request.newBuilder()
                .header(InternalSignature.NODE_HEADER, nodeId)
                .header(InternalSignature.TIME_HEADER, Long.toString(time))
                .header(InternalSignature.NONCE_HEADER, nonce)
                .header(InternalSignature.SIGNATURE_HEADER, signed)
                .build();
    }

    /** The called node as host:port (an IPv6 host in brackets), as nodes advertise themselves. */
    static String target(HttpUrl url) {
        String host = url.host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + url.port();
    }

    static String pathAndQuery(HttpUrl url) {
        String query = url.encodedQuery();
        return query == null ? url.encodedPath() : url.encodedPath() + '?' + query;
    }

    private String nonce() {
        return new ReplayGuard.Nonce(run, nonces.incrementAndGet()).encode();
    }
}
