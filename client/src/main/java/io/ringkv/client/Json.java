package io.ringkv.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Strict reads of the JSON documents the API answers; any mismatch is an IllegalArgumentException. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** The document in {@code body}; RingkvProtocolException when it is not JSON. */
    static JsonNode parse(byte[] body, String node, String what) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new RingkvProtocolException(node, what + " answered an empty body where JSON was expected");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new RingkvProtocolException(
                    node, what + " answered a body that is not JSON: " + Problems.snippet(body), e);
        } catch (java.io.IOException e) {
            throw new RingkvProtocolException(node, what + " answered an unreadable body", e);
        }
    }

    static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    static int requiredInt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isInt()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not an integer");
        }
        return v.intValue();
    }

    static long requiredLong(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not an integer");
        }
        return v.longValue();
    }

    static JsonNode requiredArray(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not an array");
        }
        return v;
    }
}
