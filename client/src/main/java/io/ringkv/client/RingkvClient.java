package io.ringkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A ring-aware client for ringkv's REST API ({@code /v1}). It learns the ring from any node, computes
 * a key's partition and preference list as the server does, and sends each key request to a node
 * that holds the key, so that node coordinates the request as one of the replicas instead of
 * forwarding every replica call. On a connection failure it tries the next node and refreshes its
 * view of the ring. Thread-safe; one instance per application, closed when done.
 *
 * <p>Routing: the candidates for a key are its preference list (the owner first) among the nodes
 * believed serving, then every other serving node in ring order, then the nodes believed down; at
 * most {@code maxAttempts} of them are tried. A node is believed serving when the last
 * {@code /v1/cluster/members} answer said UP (and not DOWN or out of service by its own health) and
 * no connection to it failed within {@code downBackoff}.
 */
public final class RingkvClient implements AutoCloseable {
    /** The most bytes of one answer the client reads (a stored object is at most 50 MB by default). */
    public static final long MAX_ANSWER_BYTES = 64L << 20;

    static final String CONTEXT_HEADER = "X-Ringkv-Context";
    private static final int DEFAULT_N = 3;
    private static final long MIN_REFRESH_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Which node of a key's candidates a request goes to first. */
    public enum Routing {
        /** The first serving node of the key's preference list (its partition's owner when up). */
        PREFERENCE_FIRST,
        /**
         * The serving nodes of the preference list in turn: each replica coordinates equally well, so
         * this spreads a hot key's coordination over its replicas.
         */
        PREFERENCE_SPREAD,
        /** Every serving node in turn, ignoring the ring: a ring-unaware client, for comparison. */
        ROUND_ROBIN
    }

    private record State(RingView ring, Map<String, MemberStatus> members, Map<String, MemberStatus> byAddress) {
        static State of(RingView ring, Map<String, MemberStatus> members) {
            Map<String, MemberStatus> byAddress = new HashMap<>();
            for (MemberStatus m : members.values()) {
                if (m.address() != null) {
                    byAddress.put(m.address(), m);
                }
            }
            return new State(ring, Map.copyOf(members), Map.copyOf(byAddress));
        }
    }

    private record BucketN(int n, long fetchedNanos) {}

    private final List<String> seeds;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final Routing routing;
    private final int maxAttempts;
    private final long downBackoffNanos;
    private final long propsMaxAgeNanos;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<String, Long> downUntil = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, BucketN> bucketN = new ConcurrentHashMap<>();
    private final Set<String> propsFetching = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rotation = new AtomicInteger();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong lastRefreshNanos = new AtomicLong(System.nanoTime() - MIN_REFRESH_GAP_NANOS);
    private final AtomicLong refreshes = new AtomicLong();
    private volatile State state = State.of(null, Map.of());
    private volatile boolean closed;

    private RingkvClient(Builder b) {
        this.seeds = List.copyOf(b.seeds);
        this.routing = b.routing;
        this.maxAttempts = b.maxAttempts;
        this.downBackoffNanos = b.downBackoff.toNanos();
        this.propsMaxAgeNanos = b.propsMaxAge.toNanos();
        if (b.http != null) {
            this.http = withApiKey(b.http, b.apiKey);
            this.ownsHttp = false;
        } else {
            OkHttpClient own = new OkHttpClient.Builder()
                    .connectionPool(new ConnectionPool(b.maxIdleConnections, 15, TimeUnit.SECONDS))
                    .connectTimeout(b.connectTimeout)
                    .readTimeout(b.readTimeout)
                    .writeTimeout(b.readTimeout)
                    .followRedirects(false)
                    .build();
            this.http = withApiKey(own, b.apiKey);
            this.http.dispatcher().setMaxRequestsPerHost(b.maxIdleConnections);
            this.ownsHttp = true;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringkv-client-ring");
            t.setDaemon(true);
            return t;
        });
        refreshRing();
        long every = b.refreshInterval.toNanos();
        if (every > 0) {
            scheduler.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * {@code http} sending {@code Authorization: Bearer <apiKey>} with every request (key requests,
     * ring and member reads, bucket props); {@code http} itself when there is no key. The copy
     * shares {@code http}'s connections and threads.
     */
    private static OkHttpClient withApiKey(OkHttpClient http, String apiKey) {
        if (apiKey == null) {
            return http;
        }
        String value = "Bearer " + apiKey;
        return http.newBuilder()
                .addInterceptor(chain -> chain.proceed(chain.request()
                        .newBuilder()
                        .header("Authorization", value)
                        .build()))
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client with every setting at its default. */
    public static RingkvClient connect(String... seeds) {
        return builder().seeds(seeds).build();
    }

    // ---------------------------------------------------------------- key operations

    /** Reads a key with the bucket's quorum. */
    public Versions get(String bucket, String key) {
        return get(bucket, key, ReadOptions.defaults());
    }

    /**
     * Reads a key: one value, siblings, NOT_FOUND (absent, deleted or expired; with the context of a
     * deletion when there is one), or NOT_MODIFIED for {@link ReadOptions#ifNoneMatch}.
     */
    public Versions get(String bucket, String key, ReadOptions options) {
        return execute(
                "GET",
                bucket,
                key,
                true,
                address -> {
                    HttpUrl.Builder url = keyUrl(address, bucket, key);
                    param(url, "r", options.r());
                    param(url, "pr", options.pr());
                    param(url, "sloppy", options.sloppy());
                    Request.Builder req = new Request.Builder().url(url.build()).get();
                    if (options.ifNoneMatch() != null) {
                        req.header("If-None-Match", options.ifNoneMatch());
                    }
                    return req.build();
                },
                this::readAnswer);
    }

    /** Writes a value as {@code application/octet-stream}, with no context and the bucket's quorum. */
    public WriteResult put(String bucket, String key, byte[] value) {
        return put(bucket, key, value, WriteOptions.defaults());
    }

    /** Writes a value; a conditional create ({@link WriteOptions#ifAbsent}) that finds one is KeyExists. */
    public WriteResult put(String bucket, String key, byte[] value, WriteOptions options) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null (an empty value is an empty array)");
        }
        return execute(
                "PUT",
                bucket,
                key,
                false,
                address -> {
                    HttpUrl.Builder url = keyUrl(address, bucket, key);
                    param(url, "w", options.w());
                    param(url, "pw", options.pw());
                    param(url, "dw", options.dw());
                    param(url, "sloppy", options.sloppy());
                    if (options.ttl() != null) {
                        url.addQueryParameter("ttl", Long.toString(options.ttl().getSeconds()));
                    }
                    if (options.returnBody()) {
                        url.addQueryParameter("returnbody", "true");
                    }
                    Request.Builder req = new Request.Builder()
                            .url(url.build())
                            .put(RequestBody.create(value, null))
                            .header(
                                    "Content-Type",
                                    options.contentType() == null ? "application/octet-stream" : options.contentType());
                    if (options.context() != null) {
                        req.header(CONTEXT_HEADER, options.context());
                    }
                    if (options.ifAbsent()) {
                        req.header("If-None-Match", "*");
                    }
                    return req.build();
                },
                this::writeAnswer);
    }

    /** Deletes a key with the bucket's quorum, removing every version the coordinating node holds. */
    public WriteResult delete(String bucket, String key) {
        return delete(bucket, key, DeleteOptions.defaults());
    }

    /** Deletes a key; with a context, only the versions it saw. */
    public WriteResult delete(String bucket, String key, DeleteOptions options) {
        return execute(
                "DELETE",
                bucket,
                key,
                false,
                address -> {
                    HttpUrl.Builder url = keyUrl(address, bucket, key);
                    param(url, "w", options.w());
                    param(url, "pw", options.pw());
                    param(url, "dw", options.dw());
                    param(url, "sloppy", options.sloppy());
                    Request.Builder req = new Request.Builder().url(url.build()).delete();
                    if (options.context() != null) {
                        req.header(CONTEXT_HEADER, options.context());
                    }
                    return req.build();
                },
                this::writeAnswer);
    }

    // ---------------------------------------------------------------- ring and routing

    /** The ring the client routes by; null until a node has answered it. */
    public RingView ring() {
        return state.ring();
    }

    /** The members as the last {@code /v1/cluster/members} answer gave them, by id. */
    public Map<String, MemberStatus> members() {
        return state.members();
    }

    /** How many times the client has asked a node for the members (each refresh asks one). */
    public long refreshes() {
        return refreshes.get();
    }

    /** Where a request for the key would go now, in order; the key's replica count is the bucket's n. */
    public Route route(String bucket, String key) {
        byte[] b = Partitions.bucketBytes(bucket);
        byte[] k = Partitions.utf8("key", key);
        State s = state;
        long now = System.nanoTime();
        int turn = rotation.getAndIncrement();
        if (s.ring() == null) {
            List<String> order = rotate(seeds, turn);
            return new Route(-1, -1, List.of(), orderByHealth(order, List.of(), s, now));
        }
        RingView ring = s.ring();
        int partition = Partitions.partitionOfHash(Partitions.hash(b, k), ring.partitions());
        List<String> prefs = ring.preferenceList(partition, replicas(bucket));
        List<String> walk = ring.clockwise(partition);
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        if (routing == Routing.ROUND_ROBIN) {
            first.addAll(rotate(addresses(ring, walk), turn));
        } else {
            List<String> p = addresses(ring, prefs);
            if (routing == Routing.PREFERENCE_SPREAD) {
                List<String> serving = new ArrayList<>();
                List<String> other = new ArrayList<>();
                for (String a : p) {
                    (isServing(a, s, now) ? serving : other).add(a);
                }
                p = new ArrayList<>(rotate(serving, turn));
                p.addAll(other);
            }
            first.addAll(p);
            for (String a : addresses(ring, walk)) {
                if (!first.contains(a)) {
                    rest.add(a);
                }
            }
        }
        List<String> candidates = orderByHealth(first, rest, s, now);
        // Seeds that are not in the ring (an address the ring does not list) come last.
        Set<String> all = new LinkedHashSet<>(candidates);
        all.addAll(seeds);
        return new Route(partition, ring.version(), prefs, List.copyOf(all));
    }

    /** Serving nodes of {@code first}, then of {@code rest}, then the others of each in order. */
    private List<String> orderByHealth(List<String> first, List<String> rest, State s, long now) {
        Set<String> order = new LinkedHashSet<>();
        List<String> degraded = new ArrayList<>();
        for (List<String> group : List.of(first, rest)) {
            for (String a : group) {
                if (isServing(a, s, now)) {
                    order.add(a);
                } else {
                    degraded.add(a);
                }
            }
        }
        order.addAll(degraded);
        return new ArrayList<>(order);
    }

    private boolean isServing(String address, State s, long now) {
        Long until = downUntil.get(address);
        if (until != null && until - now > 0) {
            return false;
        }
        MemberStatus m = s.byAddress().get(address);
        return m == null || m.serving();
    }

    private static List<String> addresses(RingView ring, List<String> ids) {
        List<String> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            String a = ring.addressOf(id);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    private static List<String> rotate(List<String> list, int turn) {
        if (list.size() < 2) {
            return list;
        }
        List<String> out = new ArrayList<>(list);
        Collections.rotate(out, -Math.floorMod(turn, list.size()));
        return out;
    }

    /**
     * Asks one node (a serving member, else a seed) for the members and, when some member holds a
     * newer ring than the client's, for the ring. Returns whether a node answered.
     */
    public boolean refreshRing() {
        lastRefreshNanos.set(System.nanoTime());
        State s = state;
        List<String> order = new ArrayList<>();
        if (s.ring() != null) {
            order.addAll(addresses(s.ring(), new ArrayList<>(s.ring().members().keySet())));
        }
        for (String seed : seeds) {
            if (!order.contains(seed)) {
                order.add(seed);
            }
        }
        order = orderByHealth(rotate(order, rotation.getAndIncrement()), List.of(), s, System.nanoTime());
        for (String address : order) {
            if (closed) {
                return false;
            }
            try {
                refreshFrom(address);
                return true;
            } catch (IOException e) {
                markDown(address);
            } catch (RingkvException e) {
                // a node that does not know the ring yet, or answered garbage: ask the next one
            }
        }
        return false;
    }

    private void refreshFrom(String address) throws IOException {
        refreshes.incrementAndGet();
        JsonNode doc = getJson(address, "/v1/cluster/members");
        Map<String, MemberStatus> members = new HashMap<>();
        try {
            for (JsonNode m : Json.requiredArray(doc, "members")) {
                MemberStatus status = MemberStatus.fromJson(m);
                members.put(status.id(), status);
            }
        } catch (IllegalArgumentException e) {
            throw new RingkvProtocolException(address, "GET /v1/cluster/members answered: " + e.getMessage());
        }
        markUp(address);
        RingView current = state.ring();
        long newest = -1;
        String holder = address;
        for (MemberStatus m : members.values()) {
            if (m.ringVersion() > newest && m.address() != null && m.serving()) {
                newest = m.ringVersion();
                holder = m.address();
            }
        }
        RingView ring = current;
        if (current == null || newest > current.version()) {
            RingView fetched = fetchRing(address);
            if (fetched.version() < newest && !holder.equals(address)) {
                try {
                    fetched = fetchRing(holder);
                } catch (IOException | RingkvException e) {
                    // keep the one from the node asked; the next refresh tries again
                }
            }
            if (current == null || fetched.version() > current.version()) {
                ring = fetched;
            }
        }
        synchronized (this) {
            RingView now = state.ring();
            if (now != null && ring != null && now.version() > ring.version()) {
                ring = now;
            }
            state = State.of(ring, members);
        }
    }

    private RingView fetchRing(String address) throws IOException {
        return RingView.fromJson(getJson(address, "/v1/cluster/ring"), address);
    }

    private JsonNode getJson(String address, String path) throws IOException {
        Request request = new Request.Builder()
                .url(base(address).newBuilder().encodedPath(path).build())
                .build();
        try (Response response = http.newCall(request).execute()) {
            byte[] body = body(address, response);
            if (response.code() != 200) {
                throw Problems.from(address, response.code(), response.header("Content-Type"), body);
            }
            return Json.parse(body, address, "GET " + path);
        }
    }

    private void refreshQuietly() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            refreshRing();
            refreshStaleProps();
        } catch (RuntimeException e) {
            // the next round tries again
        } finally {
            refreshing.set(false);
        }
    }

    /** A refresh soon, in the background, unless one ran within the last half second. */
    private void requestRefresh() {
        long last = lastRefreshNanos.get();
        long now = System.nanoTime();
        if (now - last < MIN_REFRESH_GAP_NANOS || !lastRefreshNanos.compareAndSet(last, now) || closed) {
            return;
        }
        try {
            scheduler.execute(this::refreshQuietly);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void markDown(String address) {
        downUntil.put(address, System.nanoTime() + downBackoffNanos);
    }

    private void markUp(String address) {
        downUntil.remove(address);
    }

    // ---------------------------------------------------------------- bucket n

    /**
     * The bucket's n as its props say ({@code GET /v1/buckets/{bucket}/props}), cached for
     * {@code propsMaxAge}; 3 (the server's default) until a node has answered.
     */
    public int replicas(String bucket) {
        BucketN cached = bucketN.get(bucket);
        long now = System.nanoTime();
        if (cached == null) {
            fetchN(bucket);
            cached = bucketN.get(bucket);
            return cached == null ? DEFAULT_N : cached.n();
        }
        if (now - cached.fetchedNanos() > propsMaxAgeNanos && propsFetching.add(bucket)) {
            try {
                scheduler.execute(() -> {
                    try {
                        fetchN(bucket);
                    } finally {
                        propsFetching.remove(bucket);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                propsFetching.remove(bucket);
            }
        }
        return cached.n();
    }

    private void refreshStaleProps() {
        long now = System.nanoTime();
        for (Map.Entry<String, BucketN> e : bucketN.entrySet()) {
            if (now - e.getValue().fetchedNanos() > propsMaxAgeNanos) {
                fetchN(e.getKey());
            }
        }
    }

    private void fetchN(String bucket) {
        State s = state;
        List<String> order = new ArrayList<>();
        if (s.ring() != null) {
            order.addAll(addresses(s.ring(), new ArrayList<>(s.ring().members().keySet())));
        }
        order.addAll(seeds);
        order = orderByHealth(
                rotate(new ArrayList<>(new LinkedHashSet<>(order)), rotation.get()), List.of(), s, System.nanoTime());
        for (String address : order.subList(0, Math.min(order.size(), maxAttempts))) {
            HttpUrl url = base(address)
                    .newBuilder()
                    .addPathSegment("v1")
                    .addPathSegment("buckets")
                    .addPathSegment(bucket)
                    .addPathSegment("props")
                    .build();
            try (Response response =
                    http.newCall(new Request.Builder().url(url).build()).execute()) {
                byte[] body = body(address, response);
                if (response.code() == 200) {
                    JsonNode doc = Json.parse(body, address, "GET props");
                    if (doc.path("n").isInt() && doc.path("n").intValue() >= 1) {
                        bucketN.put(bucket, new BucketN(doc.path("n").intValue(), System.nanoTime()));
                        return;
                    }
                }
                if (response.code() >= 400 && response.code() < 500) {
                    // a bucket name the node refuses: key requests will be refused with the same problem
                    bucketN.put(bucket, new BucketN(DEFAULT_N, System.nanoTime()));
                    return;
                }
            } catch (IOException e) {
                markDown(address);
            } catch (RingkvException e) {
                // the next node
            }
        }
    }

    // ---------------------------------------------------------------- requests

    private interface RequestFor {
        Request build(String address);
    }

    private interface Answer<T> {
        T read(String address, Response response, byte[] body);
    }

    private <T> T execute(
            String method, String bucket, String key, boolean idempotent, RequestFor build, Answer<T> answer) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        Route route = route(bucket, key);
        List<String> tried = new ArrayList<>();
        IOException lastFailure = null;
        RingkvProblemException notReady = null;
        for (String address : route.candidates()) {
            if (tried.size() == maxAttempts) {
                break;
            }
            tried.add(address);
            Request request = build.build(address);
            try (Response response = http.newCall(request).execute()) {
                byte[] body = body(address, response);
                markUp(address);
                if (response.code() == 503) {
                    RingkvProblemException p =
                            Problems.from(address, response.code(), response.header("Content-Type"), body);
                    if (p.type() == ProblemType.CLUSTER_NOT_READY) {
                        // refused before anything was done: another node may know the ring
                        notReady = p;
                        requestRefresh();
                        continue;
                    }
                    throw p;
                }
                return answer.read(address, response, body);
            } catch (IOException e) {
                markDown(address);
                requestRefresh();
                lastFailure = e;
                if (!idempotent && !notSent(e)) {
                    throw new RingkvConnectionException(
                            address,
                            method + " " + bucket + "/" + key + " at " + address
                                    + " failed after it was sent, so it may have been applied: " + e,
                            true,
                            e);
                }
            }
        }
        if (lastFailure == null && notReady != null) {
            throw notReady;
        }
        throw new RingkvConnectionException(
                null,
                "no node answered " + method + " " + bucket + "/" + key + "; tried " + tried
                        + (lastFailure == null ? "" : ", last failure: " + lastFailure),
                false,
                lastFailure);
    }

    /** Whether the request surely did not reach the node (refused, unresolvable, connect timeout). */
    static boolean notSent(IOException e) {
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
            return true;
        }
        return e instanceof SocketTimeoutException
                && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("connect");
    }

    private Versions readAnswer(String address, Response response, byte[] body) {
        String context = response.header(CONTEXT_HEADER);
        String etag = response.header("ETag");
        switch (response.code()) {
            case 200:
                return new Versions(
                        Versions.Kind.VALUE,
                        context,
                        etag,
                        List.of(new Sibling(
                                contentType(response),
                                body,
                                httpDate(address, response.header("Last-Modified")),
                                false)),
                        address);
            case 300:
                return Versions.fromSiblingsJson(body, etag, address);
            case 304:
                return new Versions(Versions.Kind.NOT_MODIFIED, context, etag, List.of(), address);
            case 404: {
                RingkvProblemException p =
                        Problems.from(address, response.code(), response.header("Content-Type"), body);
                if (p.type() != ProblemType.KEY_NOT_FOUND) {
                    throw p;
                }
                return new Versions(Versions.Kind.NOT_FOUND, context, null, List.of(), address);
            }
            default:
                throw unexpected(address, response, body);
        }
    }

    private WriteResult writeAnswer(String address, Response response, byte[] body) {
        String context = response.header(CONTEXT_HEADER);
        String etag = response.header("ETag");
        switch (response.code()) {
            case 204:
                return new WriteResult(context, etag, address, null);
            case 200:
            case 300:
                return new WriteResult(context, etag, address, readAnswer(address, response, body));
            default:
                throw unexpected(address, response, body);
        }
    }

    private static RingkvException unexpected(String address, Response response, byte[] body) {
        if (response.code() >= 400) {
            return Problems.from(address, response.code(), response.header("Content-Type"), body);
        }
        return new RingkvProtocolException(
                address,
                "unexpected status " + response.code() + " to "
                        + response.request().method() + " "
                        + response.request().url().encodedPath());
    }

    private static String contentType(Response response) {
        String ct = response.header("Content-Type");
        return ct == null ? "application/octet-stream" : ct;
    }

    private static Instant httpDate(String address, String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new RingkvProtocolException(address, "Last-Modified is not an HTTP date: " + value);
        }
    }

    /** The answer's body, refused past {@link #MAX_ANSWER_BYTES}. */
    private static byte[] body(String address, Response response) throws IOException {
        ResponseBody body = response.body();
        long declared = body.contentLength();
        if (declared > MAX_ANSWER_BYTES) {
            throw new RingkvProtocolException(
                    address, "an answer of " + declared + " bytes is above the limit of " + MAX_ANSWER_BYTES);
        }
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes((int) MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new RingkvProtocolException(
                        address, "an answer is longer than the limit of " + MAX_ANSWER_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private static HttpUrl base(String address) {
        HttpUrl url = HttpUrl.parse("http://" + address + "/");
        if (url == null) {
            throw new IllegalArgumentException("not a host:port: " + address);
        }
        return url;
    }

    private static HttpUrl.Builder keyUrl(String address, String bucket, String key) {
        return base(address)
                .newBuilder()
                .addPathSegment("v1")
                .addPathSegment("buckets")
                .addPathSegment(bucket)
                .addPathSegment("keys")
                .addPathSegment(key);
    }

    private static void param(HttpUrl.Builder url, String name, Object value) {
        if (value != null) {
            url.addQueryParameter(name, value.toString());
        }
    }

    /** Stops the ring refresh and, when the client made its own HTTP client, closes its connections. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** Settings; every one has a default but the seeds. */
    public static final class Builder {
        private final List<String> seeds = new ArrayList<>();
        private Duration refreshInterval = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration downBackoff = Duration.ofSeconds(5);
        private Duration propsMaxAge = Duration.ofSeconds(60);
        private int maxAttempts = 3;
        private int maxIdleConnections = 64;
        private Routing routing = Routing.PREFERENCE_FIRST;
        private OkHttpClient http;
        private String apiKey;

        private Builder() {}

        /**
         * The API key sent with every request as {@code Authorization: Bearer <key>}, for nodes that
         * take client keys (docs/security.md); none by default. A node that does not know the key
         * answers {@link RingkvProblemException.Unauthenticated}, one whose key lacks the role {@link
         * RingkvProblemException.Forbidden}. The key is printable ASCII without spaces (it is never
         * put into a message).
         */
        public Builder apiKey(String key) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("an API key must not be empty");
            }
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c <= ' ' || c > '~') {
                    throw new IllegalArgumentException(
                            "an API key is printable ASCII without spaces; character " + i + " is not");
                }
            }
            this.apiKey = key;
            return this;
        }

        /** Nodes (host:port) to learn the ring from; at least one. */
        public Builder seeds(String... seeds) {
            return seeds(List.of(seeds));
        }

        public Builder seeds(List<String> seeds) {
            for (String s : seeds) {
                String t = s == null ? "" : s.trim();
                base(t);
                if (t.isEmpty() || t.contains("/")) {
                    throw new IllegalArgumentException("a seed is host:port, was '" + s + "'");
                }
                if (!this.seeds.contains(t)) {
                    this.seeds.add(t);
                }
            }
            return this;
        }

        /** How often the members (and, when newer, the ring) are read again; 5 s; zero turns it off. */
        public Builder refreshInterval(Duration d) {
            this.refreshInterval = nonNegative("refreshInterval", d);
            return this;
        }

        /** 2 s. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        /**
         * How long to wait for an answer; 30 s (a node answers within twice its request timeout plus
         * a second, 11 s by default).
         */
        public Builder readTimeout(Duration d) {
            this.readTimeout = positive("readTimeout", d);
            return this;
        }

        /** How long a node whose connection failed is tried only after the others; 5 s. */
        public Builder downBackoff(Duration d) {
            this.downBackoff = nonNegative("downBackoff", d);
            return this;
        }

        /** How long a bucket's n is cached; 60 s. */
        public Builder propsMaxAge(Duration d) {
            this.propsMaxAge = positive("propsMaxAge", d);
            return this;
        }

        /** How many nodes one request tries at most; 3 (from 1 to 16). */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 16) {
                throw new IllegalArgumentException("maxAttempts must be from 1 to 16: " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Idle connections kept (and concurrent requests per node); 64. */
        public Builder maxIdleConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxIdleConnections must be at least 1: " + n);
            }
            this.maxIdleConnections = n;
            return this;
        }

        public Builder routing(Routing routing) {
            if (routing == null) {
                throw new IllegalArgumentException("routing must not be null");
            }
            this.routing = routing;
            return this;
        }

        /** An HTTP client to use (not closed by {@link #close()}); the timeouts above then do not apply. */
        public Builder httpClient(OkHttpClient http) {
            this.http = http;
            return this;
        }

        /**
         * The client; it asks the seeds for the ring at once, and keeps working (sending to the seeds)
         * when none answers yet.
         */
        public RingkvClient build() {
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("at least one seed (host:port) is needed");
            }
            return new RingkvClient(this);
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }

        private static Duration nonNegative(String what, Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }
    }
}
