package io.ringkv.client;

/**
 * A node answered with an RFC 9457 problem (or an error status without one): the status, the type
 * URI and its {@link ProblemType}, title, detail and instance as the node gave them. Subclasses
 * group the types a caller handles alike; {@link #type()} tells them apart.
 */
public class RingkvProblemException extends RingkvException {
    private final int status;
    private final String typeUri;
    private final ProblemType type;
    private final String title;
    private final String detail;
    private final String instance;

    RingkvProblemException(
            String node, int status, String typeUri, ProblemType type, String title, String detail, String instance) {
        super(node, message(node, status, typeUri, title, detail), null);
        this.status = status;
        this.typeUri = typeUri;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.instance = instance;
    }

    private static String message(String node, int status, String typeUri, String title, String detail) {
        StringBuilder sb = new StringBuilder().append(status);
        if (title != null) {
            sb.append(' ').append(title);
        }
        if (typeUri != null) {
            sb.append(" (").append(typeUri).append(')');
        }
        if (detail != null) {
            sb.append(": ").append(detail);
        }
        return sb.append(" [node ").append(node).append(']').toString();
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The problem's type URI as answered; null when the answer was not a problem document. */
    public String typeUri() {
        return typeUri;
    }

    public ProblemType type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public String instance() {
        return instance;
    }

    /** 400-class problems with the request itself (bad name, key, context, parameter, body, route). */
    public static class InvalidRequest extends RingkvProblemException {
        InvalidRequest(
                String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
            super(node, status, uri, type, title, detail, inst);
        }
    }

    /** {@code 412 key-exists}: a conditional create found a live value. */
    public static class KeyExists extends RingkvProblemException {
        KeyExists(String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
            super(node, status, uri, type, title, detail, inst);
        }
    }

    /** {@code 409 too-many-siblings}: resolve the key's siblings before writing more. */
    public static class TooManySiblings extends RingkvProblemException {
        TooManySiblings(
                String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
            super(node, status, uri, type, title, detail, inst);
        }
    }

    /** {@code 413}: the value, the stored object or the body is above its limit. */
    public static class TooLarge extends RingkvProblemException {
        TooLarge(String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
            super(node, status, uri, type, title, detail, inst);
        }
    }

    /**
     * {@code 503}: too few replicas answered (a write may still be stored at some), the node's storage
     * failed, or the node does not know the ring yet.
     */
    public static class Unavailable extends RingkvProblemException {
        Unavailable(String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
            super(node, status, uri, type, title, detail, inst);
        }
    }

    /** {@code 5xx} other than 503: a failure inside the node. */
    public static class ServerError extends RingkvProblemException {
        ServerError(String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
            super(node, status, uri, type, title, detail, inst);
        }
    }

    /**
     * {@code 401 unauthenticated}: the node takes client API keys and the request had none, or one it
     * does not know (see {@link RingkvClient.Builder#apiKey}).
     */
    public static class Unauthenticated extends RingkvProblemException {
        Unauthenticated(
                String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
            super(node, status, uri, type, title, detail, inst);
        }
    }

    /**
     * {@code 403 forbidden}: the key's roles do not allow the request (a reader writing, a bucket
     * outside the key's buckets), or a node without client keys refused a client on another machine.
     */
    public static class Forbidden extends RingkvProblemException {
        Forbidden(String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
            super(node, status, uri, type, title, detail, inst);
        }
    }
}
