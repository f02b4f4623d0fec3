package io.ringkv.server.api;

import io.ringkv.repair.AntiEntropy;
import io.ringkv.repair.RepairOperation;
import io.ringkv.transfer.TransferOperation;
import io.ringkv.transfer.TransferScheduler;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operations on this node: start a repair, and follow the long work it runs (repairs, transfers). */
@RestController
@RequestMapping("/v1/admin")
public class AdminController implements AdminApiDocs {
    private final AntiEntropy antiEntropy;
    private final TransferScheduler transfers;
    private final RequestRules rules;

    public AdminController(AntiEntropy antiEntropy, TransferScheduler transfers, RequestRules rules) {
        this.antiEntropy = antiEntropy;
        this.transfers = transfers;
        this.rules = rules;
    }

    /**
     * What to repair; give at most one of the two, or neither for every partition this node replicates.
     *
     * @param bucket only this bucket's keys, in every partition this node replicates for it
     * @param partition only this partition, with each of its other replicas
     */
    public record RepairBody(
            @Nullable String bucket, @Nullable Integer partition) {}

    /** The answer to a request that started an operation. */
    public record Started(String id) {}

    /**
     * One operation and its progress.
     *
     * @param id the operation's id
     * @param kind what it does: {@code repair}, or {@code transfer} (receiving a key range in a ring
     *     transition)
     * @param scope what it covers: {@code node}, {@code partition <p>} or {@code bucket <name>}; for
     *     a transfer {@code range <r> from <node>} or {@code range <r> rebuilt from <nodes>}
     * @param trigger who started it: {@code admin} or {@code scheduled}; for a transfer {@code ring
     *     <version>} (the version its transition was committed at)
     * @param state pending, running, done or failed
     * @param partitionsDone partitions whose every exchange has ended (a transfer: 1 once received)
     * @param partitionsTotal partitions it covers (a transfer: 1)
     * @param exchangesDone exchanges ended (a partition with one other replica each)
     * @param exchangesFailed exchanges that failed (their error below)
     * @param exchangesTotal exchanges it runs
     * @param keysCompared keys covered by the compared trees
     * @param differences keys found to differ between two replicas
     * @param keysRepaired differing keys synced both ways
     * @param bytesSent bytes sent to other replicas
     * @param bytesReceived bytes received from them
     * @param bytesPerSecond bytes sent and received per second of its run
     * @param startedAt when its first exchange began (null while pending)
     * @param finishedAt when it ended (null until then)
     * @param error why it failed (the first failed exchanges), or null; for a transfer, which retries
     *     until it is done, its last failure
     * @param keysReceived a transfer's objects received and merged (null for a repair)
     * @param etaSeconds a transfer's time left at its rate by its source's size estimate (null when
     *     unknown, and for a repair)
     */
    public record OperationBody(
            String id,
            String kind,
            String scope,
            String trigger,
            String state,
            int partitionsDone,
            int partitionsTotal,
            int exchangesDone,
            int exchangesFailed,
            int exchangesTotal,
            long keysCompared,
            long differences,
            long keysRepaired,
            long bytesSent,
            long bytesReceived,
            double bytesPerSecond,
            @Nullable String startedAt,
            @Nullable String finishedAt,
            @Nullable String error,
            @Nullable Long keysReceived,
            @Nullable Double etaSeconds) {

        static OperationBody of(TransferOperation.View v) {
            String state =
                    switch (v.state()) {
                        case PENDING -> "pending";
                        case RUNNING -> "running";
                        case DONE -> "done";
                        case CANCELLED -> "failed";
                    };
            return new OperationBody(
                    v.id(),
                    "transfer",
                    "range " + v.range() + (v.rebuild() ? " rebuilt from " : " from ") + String.join(", ", v.sources()),
                    "ring " + v.startVersion(),
                    state,
                    v.state() == TransferOperation.State.DONE ? 1 : 0,
                    1,
                    v.sourcesDone(),
                    0,
                    v.sources().size(),
                    0,
                    0,
                    0,
                    0,
                    v.bytes(),
                    Math.round(v.bytesPerSecond() * 10) / 10.0,
                    v.startedAtMillis() == 0
                            ? null
                            : Instant.ofEpochMilli(v.startedAtMillis()).toString(),
                    v.finishedAtMillis() == 0
                            ? null
                            : Instant.ofEpochMilli(v.finishedAtMillis()).toString(),
                    v.state() == TransferOperation.State.CANCELLED
                            ? "cancelled: the ring no longer sends this range here"
                            : v.error(),
                    v.keys(),
                    v.etaSeconds() < 0 ? null : Math.round(v.etaSeconds() * 10) / 10.0);
        }

        static OperationBody of(RepairOperation.View v) {
            return new OperationBody(
                    v.id(),
                    "repair",
                    v.scope(),
                    v.trigger(),
                    v.state().name().toLowerCase(Locale.ROOT),
                    v.partitionsDone(),
                    v.partitionsTotal(),
                    v.exchangesDone(),
                    v.exchangesFailed(),
                    v.exchangesTotal(),
                    v.keysCompared(),
                    v.differences(),
                    v.keysRepaired(),
                    v.bytesSent(),
                    v.bytesReceived(),
                    Math.round(v.bytesPerSecond() * 10) / 10.0,
                    v.startedAtMillis() == 0
                            ? null
                            : Instant.ofEpochMilli(v.startedAtMillis()).toString(),
                    v.finishedAtMillis() == 0
                            ? null
                            : Instant.ofEpochMilli(v.finishedAtMillis()).toString(),
                    v.error(),
                    null,
                    null);
        }
    }

    /** Every running and recent operation of this node, oldest first. */
    public record OperationsBody(List<OperationBody> operations) {}

    @Override
    @PostMapping("/repair")
    @ClientOperation("admin-repair")
    public ResponseEntity<Started> repair(@RequestBody(required = false) @Nullable RepairBody body) {
        RepairOperation op;
        try {
            if (body == null || (body.bucket() == null && body.partition() == null)) {
                op = antiEntropy.repairNode();
            } else if (body.bucket() != null && body.partition() != null) {
                throw new ApiException(ProblemType.INVALID_PARAMETER, "give either bucket or partition, not both");
            } else if (body.bucket() != null) {
                op = antiEntropy.repairBucket(rules.bucket(body.bucket()));
            } else {
                op = antiEntropy.repairPartition(body.partition());
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, e.getMessage());
        }
        return ResponseEntity.accepted()
                .location(URI.create("/v1/admin/operations/" + op.id()))
                .body(new Started(op.id()));
    }

    @Override
    @GetMapping("/operations")
    @ClientOperation("admin-operations")
    public OperationsBody operations() {
        return new OperationsBody(Stream.concat(
                        antiEntropy.operations().stream().map(OperationBody::of),
                        transfers.operations().stream().map(OperationBody::of))
                .toList());
    }

    @Override
    @GetMapping("/operations/{id}")
    @ClientOperation("admin-operation")
    public OperationBody operation(@PathVariable String id) {
        return antiEntropy
                .operation(id)
                .map(OperationBody::of)
                .or(() -> transfers.operation(id).map(OperationBody::of))
                .orElseThrow(() -> new ApiException(
                        ProblemType.OPERATION_NOT_FOUND,
                        "this node has no operation '" + (id.length() > 100 ? id.substring(0, 100) + "…" : id)
                                + "' (finished operations are kept, the oldest dropped first)"));
    }
}
