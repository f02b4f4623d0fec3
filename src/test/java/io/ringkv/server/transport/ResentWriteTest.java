package io.ringkv.server.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OkHttp resends a call whose pooled connection broke after the request went out: the replica gets
 * the write twice, and both carry the same write id, so it stores it once (see ReplicaStoreWriteIdTest).
 */
class ResentWriteTest {
    private WireMockServer peer;
    private OkHttpClient client;

    @BeforeEach
    void start() {
        peer = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        peer.start();
        // As the node's client: OkHttp's default of retrying on a connection failure.
        client = new OkHttpClient.Builder().callTimeout(5, TimeUnit.SECONDS).build();
    }

    @AfterEach
    void stop() {
        peer.stop();
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
    }

    @Test
    void aCallResentOnABrokenPooledConnectionCarriesTheSameWriteId() throws Exception {
        byte[] answer = ReplicaCodec.encode(new ReplicaResponse.Versions(VersionedObject.ABSENT));
        String path = OkHttpReplicaTransport.PATH;
        peer.stubFor(post(urlEqualTo(path))
                .inScenario("reset")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(answer))
                .willSetStateTo("pooled"));
        peer.stubFor(post(urlEqualTo(path))
                .inScenario("reset")
                .whenScenarioStateIs("pooled")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("back"));
        peer.stubFor(post(urlEqualTo(path))
                .inScenario("reset")
                .whenScenarioStateIs("back")
                .willReturn(aResponse().withStatus(200).withBody(answer)));
        OkHttpReplicaTransport transport = new OkHttpReplicaTransport(client, node -> HttpUrl.get(peer.baseUrl()));
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        // A first call leaves a connection in the pool.
        transport.send("peer", new ReplicaRequest.Get("b", key)).get(5, TimeUnit.SECONDS);
        WriteId id = new WriteId(5, 6);
        WriteRequest write = new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", new byte[] {1}, 0),
                false,
                ConflictResolution.SIBLINGS,
                id);

        ReplicaResponse response = transport
                .send("peer", new ReplicaRequest.Coordinate("b", key, write))
                .get(5, TimeUnit.SECONDS);

        assertThat(response).isInstanceOf(ReplicaResponse.Versions.class);
        List<LoggedRequest> calls = peer.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(calls).hasSize(3);
        for (LoggedRequest resent : calls.subList(1, 3)) {
            ReplicaRequest.Coordinate c = (ReplicaRequest.Coordinate) ReplicaCodec.decodeRequest(resent.getBody());
            assertThat(c.write().writeId()).isEqualTo(id);
        }
    }
}
