package io.ringkv.server.internal;

import io.ringkv.kv.EncodingException;
import io.ringkv.protocol.RepairCodec;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.server.api.ApiException;
import io.ringkv.server.api.ProblemType;
import io.ringkv.server.transport.OkHttpRepairTransport;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The anti-entropy endpoint between nodes, {@code POST /internal/v1/repair}: a {@link RepairCodec}
 * request (a level of a partition's Merkle tree, or the keys of some leaves) answered from this
 * replica's {@link PartitionDigests}. Reads only; a body that does not decode is refused with {@code
 * 400 malformed-request}, counted and logged by {@link InternalRejections}.
 */
@RestController
public class RepairInternalController {
    /** The largest request: a key-list request for every leaf with a long bucket name is under 3 KiB. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final MediaType REPAIR_TYPE = MediaType.parseMediaType(RepairCodec.MEDIA_TYPE);
    private final PartitionDigests digests;
    private final InternalRejections rejections;

    public RepairInternalController(PartitionDigests digests, InternalRejections rejections) {
        this.digests = digests;
        this.rejections = rejections;
    }

    @PostMapping(OkHttpRepairTransport.PATH)
    public ResponseEntity<byte[]> repair(HttpServletRequest request) throws IOException {
        byte[] body;
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] answer;
        try {
            answer = RepairCodec.encode(digests.handle(RepairCodec.decodeRequest(body)));
        } catch (EncodingException e) {
            rejections.rejected("repair", "undecodable", InternalController.source(request), e.getMessage());
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "not a repair request: " + e.getMessage());
        }
        return ResponseEntity.ok().contentType(REPAIR_TYPE).body(answer);
    }

    private static ApiException tooLarge() {
        return new ApiException(
                ProblemType.BODY_TOO_LARGE, "a repair request body is limited to " + MAX_BODY_BYTES + " bytes");
    }
}
