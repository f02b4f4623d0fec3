package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client operations are timed with histograms and errors are counted by type, in Prometheus format. */
class ClientMetricsTest {
    @TempDir
    Path dataDir;

    @Test
    void operationsAreTimedAndErrorsCountedByType() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            node.put("/v1/buckets/m/keys/k", "text/plain", "v");
            node.get("/v1/buckets/m/keys/k");
            node.get("/v1/buckets/m/keys/absent");
            node.put("/v1/buckets/bad%20name/keys/k", "text/plain", "v");

            String metrics = node.get("/actuator/prometheus").body();

            assertThat(metrics)
                    .contains("ringkv_client_requests_seconds_bucket{operation=\"put\",status=\"204\"")
                    .contains("ringkv_client_requests_seconds_count{operation=\"get\",status=\"200\"} 1")
                    .contains("ringkv_client_requests_seconds_count{operation=\"get\",status=\"404\"} 1")
                    .contains("ringkv_client_errors_total{type=\"key-not-found\"} 1")
                    .contains("ringkv_client_errors_total{type=\"invalid-bucket-name\"} 1")
                    .contains("ringkv_storage_writes_total");
        }
    }
}
