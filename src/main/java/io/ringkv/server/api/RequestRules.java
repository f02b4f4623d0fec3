package io.ringkv.server.api;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ClientContext;
import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.WriteId;
import io.ringkv.protocol.KeyCursor;
import io.ringkv.replica.StorageKeys;
import io.ringkv.server.config.RingkvProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Checks what a request names and sends against the node's limits, before anything is read from or
 * written to storage; each refusal names the input and the limit.
 */
@Component
public class RequestRules {
    /** The header whose value names a client write across its retries. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    public static final int MAX_IDEMPOTENCY_KEY_CHARS = 255;
    /**
     * 128 bits drawn once per process from the system's entropy, mixed into every random write id:
     * the per-thread generator (which contends on nothing and costs nothing per virtual thread) is
     * seeded from the time, so two processes could otherwise draw the same sequence.
     */
    private static final WriteId SALT = WriteId.random(new SecureRandom());

    private final Pattern bucketName;
    private final String bucketNameText;
    private final long maxKeyBytes;
    private final long maxValueBytes;
    private final int defaultPageSize;
    private final int maxPageSize;

    public RequestRules(RingkvProperties properties) {
        RingkvProperties.Limits limits = properties.limits();
        this.bucketNameText = limits.bucketNamePattern();
        this.bucketName = Pattern.compile(bucketNameText);
        this.maxKeyBytes = limits.maxKeySize().toBytes();
        this.maxValueBytes = limits.maxValueSize().toBytes();
        this.defaultPageSize = limits.defaultPageSize();
        this.maxPageSize = Math.max(limits.maxPageSize(), limits.defaultPageSize());
    }

    public String bucket(String bucket) {
        if (!bucketName.matcher(bucket).matches()
                || bucket.getBytes(StandardCharsets.UTF_8).length > StorageKeys.MAX_BUCKET_BYTES) {
            throw new ApiException(
                    ProblemType.INVALID_BUCKET_NAME,
                    "bucket name '" + abbreviate(bucket) + "' does not match " + bucketNameText);
        }
        return bucket;
    }

    public byte[] key(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new ApiException(ProblemType.INVALID_KEY, "the key is empty");
        }
        if (bytes.length > maxKeyBytes) {
            throw new ApiException(
                    ProblemType.INVALID_KEY,
                    "the key is " + bytes.length + " bytes (UTF-8), above the limit of " + maxKeyBytes);
        }
        return bytes;
    }

    /**
     * The identity of a client write: derived from the {@code Idempotency-Key} header when the client
     * sent one (so that its retries, through any node, are the same write), else drawn at random.
     */
    public WriteId writeId(@Nullable String idempotencyKey) {
        if (idempotencyKey == null) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return new WriteId(SALT.high() ^ random.nextLong(), SALT.low() ^ random.nextLong());
        }
        if (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_CHARS) {
            throw new ApiException(
                    ProblemType.MALFORMED_REQUEST,
                    IDEMPOTENCY_KEY + " must be 1 to " + MAX_IDEMPOTENCY_KEY_CHARS + " characters, not "
                            + idempotencyKey.length());
        }
        for (int i = 0; i < idempotencyKey.length(); i++) {
            char c = idempotencyKey.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new ApiException(
                        ProblemType.MALFORMED_REQUEST,
                        IDEMPOTENCY_KEY + " may hold only visible ASCII characters; character " + i + " is not one");
            }
        }
        return WriteId.ofKey(idempotencyKey);
    }

    /** The causal context and seen write ids a client sent, or the empty ones when it sent none. */
    public ClientContext clientContext(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return ClientContext.EMPTY;
        }
        try {
            return ContextCodec.decodeClient(header.trim());
        } catch (EncodingException e) {
            throw new ApiException(
                    ProblemType.INVALID_CONTEXT,
                    "X-Ringkv-Context is not a context this store issued: " + e.getMessage()
                            + "; send back the header exactly as a read returned it");
        }
    }

    /** A time to live in seconds, from {@code ?ttl=}; null when absent. */
    public @Nullable Long ttlSeconds(@Nullable String ttl) {
        if (ttl == null) {
            return null;
        }
        long seconds = parseLong("ttl", ttl);
        if (seconds < 1 || seconds > BucketProps.MAX_TTL_SECONDS) {
            throw new ApiException(
                    ProblemType.INVALID_PARAMETER,
                    "ttl must be between 1 and " + BucketProps.MAX_TTL_SECONDS + " seconds, was " + ttl);
        }
        return seconds;
    }

    public boolean flag(String name, @Nullable String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ApiException(ProblemType.INVALID_PARAMETER, name + " must be true or false, was '" + value + "'");
    }

    /** A replica count from a query parameter ({@code r}, {@code w}, ...); null when absent. */
    public @Nullable Quorum quorum(String name, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return Quorum.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    ProblemType.INVALID_PARAMETER,
                    name + " must be a number, one, quorum or all, was '" + abbreviate(value) + "'");
        }
    }

    public int pageSize(@Nullable String limit) {
        if (limit == null) {
            return defaultPageSize;
        }
        long n = parseLong("limit", limit);
        if (n < 1 || n > maxPageSize) {
            throw new ApiException(
                    ProblemType.INVALID_PARAMETER, "limit must be between 1 and " + maxPageSize + ", was " + limit);
        }
        return (int) n;
    }

    public @Nullable KeyCursor cursor(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return KeyCursor.parse(cursor);
        } catch (EncodingException e) {
            throw new ApiException(
                    ProblemType.INVALID_CURSOR, "cursor is not one a listing returned: " + e.getMessage());
        }
    }

    /**
     * The request body, refused with 413 as soon as it is known to exceed the value limit: at once
     * from Content-Length, else after reading one byte past the limit. Never buffers more.
     */
    public byte[] value(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxValueBytes) {
            throw tooLarge("declares " + declared + " bytes");
        }
        int initial = (int) Math.min(declared > 0 ? declared : 8192, maxValueBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(initial, 16));
        byte[] chunk = new byte[8192];
        long total = 0;
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(chunk)) != -1) {
                total += n;
                if (total > maxValueBytes) {
                    throw tooLarge("is more than " + maxValueBytes + " bytes");
                }
                out.write(chunk, 0, n);
            }
        }
        return out.toByteArray();
    }

    private ApiException tooLarge(String what) {
        return new ApiException(
                ProblemType.VALUE_TOO_LARGE,
                "the value " + what + ", above the limit of " + maxValueBytes
                        + " bytes (ringkv.limits.max-value-size)");
    }

    private static long parseLong(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(
                    ProblemType.INVALID_PARAMETER, name + " must be a whole number, was '" + abbreviate(text) + "'");
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
