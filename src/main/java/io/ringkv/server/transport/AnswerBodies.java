package io.ringkv.server.transport;

import java.io.IOException;
import okhttp3.Response;
import okio.BufferedSource;

/** Reads another node's answer: a 200 whose body is at most a bound, else an error naming the node. */
public final class AnswerBodies {
    private AnswerBodies() {}

    /**
     * The body of a 200 answer from {@code node}.
     *
     * @throws IOException on another status, or a body larger than {@code maxBytes}
     */
    public static byte[] read(String node, Response response, long maxBytes) throws IOException {
        if (response.code() != 200) {
            throw new IOException(node + " answered HTTP " + response.code());
        }
        BufferedSource source = response.body().source();
        if (source.request(maxBytes + 1)) {
            throw new IOException(node + " answered more than " + maxBytes + " bytes");
        }
        return source.readByteArray();
    }
}
