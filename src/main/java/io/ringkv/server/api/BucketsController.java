package io.ringkv.server.api;

import io.ringkv.kv.BucketProps;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.server.cluster.PropsBroadcaster;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists buckets and reads and sets their props. */
@RestController
@RequestMapping("/v1/buckets")
public class BucketsController implements BucketsApiDocs {
    private final BucketCatalog catalog;
    private final RequestRules rules;
    private final PropsBroadcaster broadcaster;

    public BucketsController(BucketCatalog catalog, RequestRules rules, PropsBroadcaster broadcaster) {
        this.catalog = catalog;
        this.rules = rules;
        this.broadcaster = broadcaster;
    }

    /**
     * The buckets this node knows.
     *
     * @param buckets bucket names in order
     */
    public record BucketList(List<String> buckets) {}

    @GetMapping
    @ClientOperation("list-buckets")
    public BucketList buckets() {
        return new BucketList(catalog.buckets());
    }

    @GetMapping("/{bucket}/props")
    @ClientOperation("get-props")
    public BucketPropsBody props(@PathVariable String bucket) {
        return BucketPropsBody.of(catalog.props(rules.bucket(bucket)));
    }

    @PutMapping(path = "/{bucket}/props", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ClientOperation("set-props")
    public BucketPropsBody setProps(@PathVariable String bucket, @RequestBody BucketPropsBody body)
            throws IOException, InterruptedException {
        String b = rules.bucket(bucket);
        BucketProps merged;
        synchronized (catalog) {
            merged = body.applyTo(catalog.props(b));
            catalog.setProps(b, merged);
        }
        List<String> failures = broadcaster.broadcast(b, merged);
        if (!failures.isEmpty()) {
            throw new ApiException(
                    ProblemType.REPLICAS_UNAVAILABLE,
                    "the props are stored at this node but not at every member: " + String.join("; ", failures)
                            + "; repeat the request once they are reachable");
        }
        return BucketPropsBody.of(merged);
    }
}
