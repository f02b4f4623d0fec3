package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hot routes answer exactly as Spring MVC does: a path with matrix parameters is left to
 * Spring MVC, which strips them and calls the same controller, so the two answers can be compared.
 */
class HotRouteFilterTest {
    private static final List<String> VERSION_HEADERS =
            List.of("X-Ringkv-Context", "ETag", "Content-Type", "Last-Modified", "Content-Length");

    @TempDir
    static Path dataDir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aKeyPathIsSplitAndDecodedOnlyWhenItIsExactlyBucketAndKey() {
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/users/keys/alice")).containsExactly("users", "alice");
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b/keys/a%2Fb%20c")).containsExactly("b", "a/b c");
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b%C3%A9/keys/k")).containsExactly("bé", "k");
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b/keys/")).isNull();
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets//keys/k")).isNull();
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b/keys/k/extra")).isNull();
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b/keys")).isNull();
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b/props")).isNull();
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b/other/k")).isNull();
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b/keys/k;v=1")).isNull();
        assertThat(HotRouteFilter.bucketAndKey("/v1/buckets/b/keys/%zz")).isNull();
    }

    @Test
    void aReadAnswersTheSameThroughTheHotRouteAndThroughSpringMvc() throws Exception {
        Reply put = node.put("/v1/buckets/same/keys/k1", "application/json", "{\"a\":1}");
        assertThat(put.status()).isEqualTo(204);

        double before = mvcKeyReads();
        Reply hot = node.get("/v1/buckets/same/keys/k1");
        assertThat(mvcKeyReads())
                .as("the hot route is not dispatched by Spring MVC")
                .isEqualTo(before);
        Reply mvc = node.get("/v1/buckets/same/keys/k1;via=mvc");
        assertThat(mvcKeyReads())
                .as("the matrix parameter leaves it to Spring MVC")
                .isEqualTo(before + 1);

        assertThat(hot.status()).isEqualTo(200);
        assertThat(mvc.status()).isEqualTo(200);
        assertThat(hot.body()).isEqualTo(mvc.body()).isEqualTo("{\"a\":1}");
        for (String header : VERSION_HEADERS) {
            assertThat(hot.header(header)).as(header).isEqualTo(mvc.header(header));
        }
    }

    @Test
    void siblingsAndProblemsAnswerTheSameThroughTheHotRouteAndThroughSpringMvc() throws Exception {
        node.put("/v1/buckets/same/keys/two", "text/plain", "apples");
        node.put("/v1/buckets/same/keys/two", "text/plain", "pears");

        Reply hot = node.get("/v1/buckets/same/keys/two");
        Reply mvc = node.get("/v1/buckets/same/keys/two;via=mvc");
        assertThat(hot.status()).isEqualTo(300);
        assertThat(hot.json()).isEqualTo(mvc.json());
        assertThat(hot.header("Content-Type")).isEqualTo(mvc.header("Content-Type"));

        Reply hotMissing = node.get("/v1/buckets/same/keys/nobody");
        Reply mvcMissing = node.get("/v1/buckets/same/keys/nobody;via=mvc");
        assertThat(hotMissing.status()).isEqualTo(404).isEqualTo(mvcMissing.status());
        assertThat(hotMissing.header("Content-Type")).isEqualTo(mvcMissing.header("Content-Type"));
        ObjectNode hotProblem = (ObjectNode) hotMissing.json();
        ObjectNode mvcProblem = (ObjectNode) mvcMissing.json();
        // the instance is the path asked, which differs by its matrix parameter
        assertThat(hotProblem.remove("instance").asString()).isEqualTo("/v1/buckets/same/keys/nobody");
        mvcProblem.remove("instance");
        assertThat(hotProblem).isEqualTo(mvcProblem);

        Reply hotBad = node.get("/v1/buckets/same/keys/k?r=nine");
        Reply mvcBad = node.get("/v1/buckets/same/keys/k;via=mvc?r=nine");
        assertThat(hotBad.status()).isEqualTo(400).isEqualTo(mvcBad.status());
        assertThat(hotBad.json().get("detail")).isEqualTo(mvcBad.json().get("detail"));
    }

    /** Key reads Spring MVC dispatched, from its own request metric (the hot routes do not record it). */
    private static double mvcKeyReads() throws Exception {
        double count = 0;
        for (String line : node.get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{")
                    && line.contains("method=\"GET\"")
                    && line.contains("status=\"200\"")
                    && line.contains("uri=\"/v1/buckets/{bucket}/keys/{key}\"")) {
                count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return count;
    }

    @Test
    void pingAnswersOk() throws Exception {
        Reply ping = node.get("/ping");

        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("OK");
        assertThat(ping.header("Content-Type")).startsWith("text/plain");
    }
}
