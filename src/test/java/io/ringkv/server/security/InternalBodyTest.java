package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class InternalBodyTest {
    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    /** Endless bytes, counting how many were read. */
    private static final class Endless extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 7;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read += len;
            return len;
        }
    }

    @Test
    void theGateReadsTheBodyOnceWithItsDigestAndTheEndpointTakesThatArray() throws Exception {
        byte[] content = bytes(300_000);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/internal/v1/replica");
        request.setContent(content);

        InternalBody body = InternalBody.read(request, 1 << 20, true);

        assertThat(body.bytes()).isEqualTo(content);
        assertThat(body.bytes()).hasSize(content.length);
        assertThat(body.digest()).isEqualTo(sha256(content));
        assertThat(InternalBody.of(request, 1 << 20)).as("no copy").isSameAs(body.bytes());
        assertThatThrownBy(() -> InternalBody.of(request, 1000)).isInstanceOf(InternalBody.TooLarge.class);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedUnread() {
        Endless in = new Endless();

        assertThatThrownBy(() -> InternalBody.read(in, 2001, 2000, null)).isInstanceOf(InternalBody.TooLarge.class);
        assertThat(in.read).isZero();
    }

    @Test
    void aBodyOfUnknownLengthIsReadUpToOneByteMoreThanTheLimit() throws Exception {
        Endless in = new Endless();

        assertThatThrownBy(() -> InternalBody.read(in, -1, 200_000, null)).isInstanceOf(InternalBody.TooLarge.class);
        assertThat(in.read).isEqualTo(200_001);

        byte[] content = bytes(150_000);
        InternalBody body =
                InternalBody.read(new ByteArrayInputStream(content), -1, 200_000, MessageDigest.getInstance("SHA-256"));
        assertThat(body.bytes()).isEqualTo(content);
        assertThat(body.digest()).isEqualTo(sha256(content));
    }

    @Test
    void moreBytesThanDeclaredAreRefusedAndFewerAreWhatCame() throws Exception {
        assertThatThrownBy(() -> InternalBody.read(new ByteArrayInputStream(bytes(101)), 100, 1000, null))
                .isInstanceOf(InternalBody.TooLarge.class);

        byte[] content = bytes(60);
        assertThat(InternalBody.read(new ByteArrayInputStream(content), 100, 1000, null)
                        .bytes())
                .isEqualTo(content);
    }

    @Test
    void withoutTheGateTheEndpointReadsItself() throws Exception {
        byte[] content = bytes(5000);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/internal/v1/replica");
        request.setContent(content);

        assertThat(InternalBody.of(request, 5000)).isEqualTo(content);
    }
}
