package io.ringkv.server.security;

import io.ringkv.port.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * Signs every call this node makes to another node ({@link InternalSignature}): an OkHttp
 * interceptor on the one client of the internal plane. The body is written to a buffer once to take
 * its digest; replica bodies are already in memory.
 */
public final class RequestSigner implements Interceptor {
    private static final byte[] EMPTY_DIGEST = InternalSignature.digest(new byte[0], 0, 0);
    private final InternalSignature signature;
    private final String nodeId;
    private final Clock clock;
    /** Nonces: a random prefix drawn at start and a counter, unique for the life of the node. */
    private final long noncePrefix = new SecureRandom().nextLong();

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
            Buffer buffer = new Buffer();
            body.writeTo(buffer);
            digest = buffer.sha256().toByteArray();
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
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(noncePrefix)
                .putLong(nonces.incrementAndGet())
                .array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
