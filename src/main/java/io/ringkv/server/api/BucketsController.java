package io.ringkv.server.api;

import io.ringkv.kv.BucketProps;
import io.ringkv.replica.BucketCatalog;
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

    public BucketsController(BucketCatalog catalog, RequestRules rules) {
        this.catalog = catalog;
        this.rules = rules;
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
    public BucketPropsBody setProps(@PathVariable String bucket, @RequestBody BucketPropsBody body) throws IOException {
        String b = rules.bucket(bucket);
        synchronized (catalog) {
            BucketProps merged = body.applyTo(catalog.props(b));
            catalog.setProps(b, merged);
            return BucketPropsBody.of(merged);
        }
    }
}
