package io.ringkv.server.security;

import io.ringkv.port.Clock;
import io.ringkv.server.api.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The gate of {@code /internal/*}, ahead of every other filter. With a cluster secret, a call passes
 * only with a valid {@link InternalSignature} whose timestamp is within the replay window of this
 * node's clock and whose nonce has not been seen before ({@link ReplayGuard}); anything else is refused with {@code
 * 401} before it reaches a controller, so it changes nothing. Without a secret, only loopback
 * clients pass ({@code 403} for the others): no configuration accepts unauthenticated internal calls
 * from another machine.
 *
 * <p>The body is read once ({@link InternalBody}: into one array of its Content-Length, up to the
 * internal body limit, {@code 413} past it), its digest taken while reading, and handed on from
 * memory: to the endpoints as that array, to anything else as a stream over it.
 */
final class InternalAuthFilter extends HttpFilter {
    private final @Nullable InternalSignature signature;
    private final @Nullable ReplayGuard replays;
    private final Clock clock;
    private final long windowMillis;
    private final long maxBodyBytes;
    private final Refusals refusals;
    private final Supplier<@Nullable String> selfAddress;

    InternalAuthFilter(
            @Nullable InternalSignature signature,
            Supplier<@Nullable String> selfAddress,
            Clock clock,
            long windowMillis,
            @Nullable ReplayGuard replays,
            long maxBodyBytes,
            Refusals refusals) {
        this.signature = signature;
        this.selfAddress = selfAddress;
        this.replays = replays;
        this.clock = clock;
        this.windowMillis = windowMillis;
        this.maxBodyBytes = maxBodyBytes;
        this.refusals = refusals;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (signature == null) {
            if (Loopback.is(request.getRemoteAddr())) {
                chain.doFilter(request, response);
            } else {
                refuse(
                        request,
                        response,
                        ProblemType.FORBIDDEN,
                        "not-loopback",
                        "this node has no cluster secret (ringkv.security.cluster-secret) and accepts internal"
                                + " calls from loopback only");
            }
            return;
        }
        String node = request.getHeader(InternalSignature.NODE_HEADER);
        String time = request.getHeader(InternalSignature.TIME_HEADER);
        String nonce = request.getHeader(InternalSignature.NONCE_HEADER);
        String signed = request.getHeader(InternalSignature.SIGNATURE_HEADER);
        if (node == null || time == null || nonce == null || signed == null || replays == null) {
            refuse(request, response, ProblemType.UNAUTHENTICATED, "unsigned", "an internal call must be signed");
            return;
        }
        ReplayGuard.Nonce counted = ReplayGuard.Nonce.parse(nonce);
        if (counted == null) {
            refuse(
                    request,
                    response,
                    ProblemType.UNAUTHENTICATED,
                    "malformed",
                    "the signature's nonce is not a run id and a counter (16 bytes, base64url)");
            return;
        }
        long millis;
        try {
            millis = Long.parseLong(time);
        } catch (NumberFormatException e) {
            refuse(request, response, ProblemType.UNAUTHENTICATED, "malformed", "the signature's time is no number");
            return;
        }
        long now = clock.millis();
        if (Math.abs(now - millis) > windowMillis) {
            refuse(
                    request,
                    response,
                    ProblemType.UNAUTHENTICATED,
                    "expired",
                    "the signature's time is " + (now - millis) + " ms from this node's clock (window " + windowMillis
                            + " ms)");
            return;
        }
        // A call seen before (or too far behind) is refused on its headers, before its body is read;
        // whether it is new is decided, and recorded, only once its signature is checked.
        if (refusedAsSeen(replays.peek(node, counted), request, response)) {
            return;
        }
        InternalBody body;
        try {
            // Read whole, its digest taken as it arrives: nothing may act on it before the signature is checked.
            body = InternalBody.read(request, maxBodyBytes, true);
        } catch (InternalBody.TooLarge e) {
            tooLarge(request, response);
            return;
        }
        String query = request.getQueryString();
        String pathAndQuery = query == null ? request.getRequestURI() : request.getRequestURI() + '?' + query;
        byte[] digest = java.util.Objects.requireNonNull(body.digest());
        String method = request.getMethod();
        // Signed for this node's advertised address: a call captured on its way to another member
        // does not verify here. A read (a seed asking who this node is, by the address it was given)
        // may name this node as its Host header does.
        String self = selfAddress.get();
        boolean valid =
                self != null && signature.verify(signed, method, self, pathAndQuery, node, millis, nonce, digest);
        if (!valid && method.equals("GET")) {
            valid = signature.verify(signed, method, host(request), pathAndQuery, node, millis, nonce, digest);
        }
        if (!valid) {
            refuse(
                    request,
                    response,
                    ProblemType.UNAUTHENTICATED,
                    "bad-signature",
                    "the signature does not match the call to this node under the cluster secret");
            return;
        }
        ReplayGuard.Verdict verdict = replays.firstSeen(node, counted, millis, now);
        switch (verdict) {
            case REPLAYED, TOO_OLD -> refusedAsSeen(verdict, request, response);
            case FULL -> {
                refusals.refused(
                        "too-many-senders",
                        request.getRemoteAddr(),
                        "signing runs tracked for the replay check are at ringkv.security.replay-max-runs");
                response.setHeader("Retry-After", Long.toString(Math.max(1, windowMillis / 1000)));
                ProblemResponses.write(
                        request,
                        response,
                        ProblemType.OVERLOADED,
                        "too many signing runs within the replay window (ringkv.security.replay-max-runs)");
            }
            case FIRST -> chain.doFilter(new BodyRequest(request, body.bytes()), response);
        }
    }

    /** Refuses a call seen before or too far behind its sender's newest; whether it did. */
    private boolean refusedAsSeen(ReplayGuard.Verdict verdict, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        switch (verdict) {
            case REPLAYED -> {
                refuse(request, response, ProblemType.UNAUTHENTICATED, "replayed", "this signed call was seen before");
                return true;
            }
            case TOO_OLD -> {
                refuse(
                        request,
                        response,
                        ProblemType.UNAUTHENTICATED,
                        "too-old",
                        "this signed call's counter is " + ReplayGuard.WINDOW
                                + " or more behind the newest accepted from its sender; whether it was seen before"
                                + " is no longer known");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The Host header as host:port (the scheme's default port when it names none). */
    private static String host(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null) {
            return "";
        }
        boolean hasPort = host.startsWith("[") ? host.indexOf("]:") > 0 : host.indexOf(':') >= 0;
        return hasPort ? host : host + ":" + (request.isSecure() ? 443 : 80);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemResponses.write(
                request,
                response,
                ProblemType.BODY_TOO_LARGE,
                "an internal request body is limited to " + maxBodyBytes + " bytes");
    }

    private void refuse(
            HttpServletRequest request, HttpServletResponse response, ProblemType type, String reason, String detail)
            throws IOException {
        refusals.refused(reason, request.getRemoteAddr(), detail);
        ProblemResponses.write(request, response, type, detail);
    }

    /** The request with its body, already read, served from memory. */
    static final class BodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public byte[] readAllBytes() {
                    return in.readAllBytes();
                }
            };
        }
    }
}
