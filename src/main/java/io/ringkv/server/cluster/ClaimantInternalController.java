package io.ringkv.server.cluster;

import io.ringkv.membership.ClusterChangeRefusedException;
import io.ringkv.server.cluster.ClaimantMessages.Reply;
import io.ringkv.server.cluster.ClaimantMessages.Request;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /internal/v1/claimant}: a cluster change another node forwards to this one, its
 * claimant. Answers 200 with the claimant's reply, or 400, 404 or 409 with the refusal's kind and
 * reason (also when this node is no longer the claimant: the reason names the one that is).
 */
@RestController
public class ClaimantInternalController {
    /** The most bytes of a forwarded request read: they carry a node description at most. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClaimantCalls calls;

    public ClaimantInternalController(ClaimantCalls calls) {
        this.calls = calls;
    }

    @PostMapping(path = ClaimantCalls.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Reply> claimant(HttpServletRequest http) throws IOException {
        Request request;
        try (InputStream in = http.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                return refused(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "BAD_REQUEST",
                        "a claimant request above " + MAX_BODY_BYTES + " bytes");
            }
            request = JSON.readValue(body, Request.class);
        } catch (JacksonException e) {
            return refused(HttpStatus.BAD_REQUEST, "BAD_REQUEST", "not a claimant request: " + e.getOriginalMessage());
        }
        if (request == null) {
            return refused(HttpStatus.BAD_REQUEST, "BAD_REQUEST", "an empty claimant request");
        }
        try {
            return ResponseEntity.ok(calls.handle(request));
        } catch (ClusterChangeRefusedException e) {
            HttpStatus status =
                    switch (e.kind()) {
                        case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
                        case NOT_FOUND -> HttpStatus.NOT_FOUND;
                        case CONFLICT -> HttpStatus.CONFLICT;
                    };
            return refused(status, e.kind().name(), e.getMessage());
        } catch (ClusterNotReadyException e) {
            return refused(HttpStatus.CONFLICT, "CONFLICT", e.getMessage());
        }
    }

    private static ResponseEntity<Reply> refused(HttpStatus status, String kind, String reason) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new Reply(null, null, null, null, kind, reason));
    }
}
