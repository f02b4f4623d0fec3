package io.ringkv.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A member as a node reported it in {@code GET /v1/cluster/members}.
 *
 * @param id node id
 * @param address host:port; null when not reported
 * @param status UP, SUSPECT, DOWN or LEFT
 * @param health its own overall health as it reports it (UP, DOWN, OUT_OF_SERVICE, ...); null when
 *     not reported
 * @param ringVersion the version of the ring it holds
 */
public record MemberStatus(String id, String address, String status, String health, long ringVersion) {

    /** Whether requests may go to it: gossip says UP and it does not report itself DOWN or out of service. */
    public boolean serving() {
        return "UP".equals(status) && !"DOWN".equals(health) && !"OUT_OF_SERVICE".equals(health);
    }

    static MemberStatus fromJson(JsonNode m) {
        String address = m.path("address").isTextual() ? m.path("address").asText() : null;
        return new MemberStatus(
                Json.requiredText(m, "id"),
                address == null || address.isEmpty() ? null : address,
                Json.requiredText(m, "status"),
                m.path("health").isTextual() ? m.path("health").asText() : null,
                m.path("ringVersion").canConvertToLong() ? m.path("ringVersion").asLong() : -1);
    }
}
