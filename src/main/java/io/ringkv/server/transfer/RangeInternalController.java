package io.ringkv.server.transfer;

import io.ringkv.kv.EncodingException;
import io.ringkv.server.api.ApiException;
import io.ringkv.server.api.ProblemType;
import io.ringkv.server.internal.InternalRejections;
import io.ringkv.server.security.InternalSignature;
import io.ringkv.transfer.RangeChunkCodec;
import io.ringkv.transfer.RangeChunkRequest;
import io.ringkv.transfer.RangeSizes;
import io.ringkv.transfer.RangeSource;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The range streaming endpoints between nodes (docs/transfer.md): {@code POST /internal/v1/range}
 * answers a {@link RangeChunkCodec} request with the next chunk of a key range from this node's
 * store, {@code GET /internal/v1/ranges/stats} what this node holds of each range. Reads only; a body
 * that does not decode is refused with {@code 400 malformed-request}, counted and logged by {@link
 * InternalRejections}.
 */
@RestController
public class RangeInternalController {
    /** The largest request: a range, a budget and one storage key (at most a few KiB). */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final MediaType RANGE_TYPE = MediaType.parseMediaType(RangeChunkCodec.MEDIA_TYPE);
    private final RangeSource source;
    private final RangeSizes sizes;
    private final InternalRejections rejections;

    public RangeInternalController(RangeSource source, InternalRejections rejections) {
        this.source = source;
        this.sizes = source.sizes();
        this.rejections = rejections;
    }

    @PostMapping(OkHttpStreamTransport.RANGE_PATH)
    public ResponseEntity<byte[]> range(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        RangeChunkRequest chunkRequest;
        try {
            chunkRequest = RangeChunkCodec.decodeRequest(body);
        } catch (EncodingException e) {
            rejections.rejected("range", "undecodable", source(request), e.getMessage());
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "not a range request: " + e.getMessage());
        }
        byte[] answer;
        try {
            answer = RangeChunkCodec.encode(source.read(chunkRequest));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, e.getMessage());
        }
        return ResponseEntity.ok().contentType(RANGE_TYPE).body(answer);
    }

    @GetMapping(OkHttpStreamTransport.SIZES_PATH)
    public ResponseEntity<byte[]> sizes() throws IOException {
        return ResponseEntity.ok().contentType(RANGE_TYPE).body(RangeChunkCodec.encodeSizes(sizes.all()));
    }

    private static String source(HttpServletRequest request) {
        String node = request.getHeader(InternalSignature.NODE_HEADER);
        return node == null ? request.getRemoteAddr() : node + " at " + request.getRemoteAddr();
    }

    private static ApiException tooLarge() {
        return new ApiException(
                ProblemType.BODY_TOO_LARGE, "a range request body is limited to " + MAX_BODY_BYTES + " bytes");
    }
}
