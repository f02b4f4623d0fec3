package io.ringkv.ycsb;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * YCSB binding for ringkv's REST API on OkHttp's synchronous calls: a record is one key holding a
 * JSON object of its fields. Reads are {@code GET /v1/buckets/{table}/keys/{key}}, inserts and
 * updates a blind {@code PUT} of the fields given (the bucket is meant to be {@code lww}), deletes a
 * {@code DELETE}. Properties: {@code ringkv.hosts} (comma-separated host:port; each thread picks one
 * at random, as a load balancer would), {@code ringkv.r}, {@code ringkv.w} (quorum parameters added
 * to every request when set), {@code ringkv.readpath} (a fixed path every read GETs instead of the
 * key, for a no-op floor on the same server).
 */
public class RingkvRestDb extends DB {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false)
            .build();

    private static final AtomicInteger NEXT_HOST = new AtomicInteger();

    private HttpUrl base;
    private String r;
    private String w;
    private String readPath;

    @Override
    public void init() throws DBException {
        String[] hosts = getProperties().getProperty("ringkv.hosts", "localhost:8080").split(",");
        String host = hosts[Math.floorMod(NEXT_HOST.getAndIncrement(), hosts.length)].trim();
        base = HttpUrl.parse("http://" + host);
        if (base == null) {
            throw new DBException("ringkv.hosts: not host:port: " + host);
        }
        r = getProperties().getProperty("ringkv.r");
        w = getProperties().getProperty("ringkv.w");
        readPath = getProperties().getProperty("ringkv.readpath");
    }

    private HttpUrl url(String table, String key, String quorumName, String quorum) {
        HttpUrl.Builder b = base.newBuilder()
                .addPathSegment("v1")
                .addPathSegment("buckets")
                .addPathSegment(table)
                .addPathSegment("keys")
                .addPathSegment(key);
        if (quorum != null) {
            b.addQueryParameter(quorumName, quorum);
        }
        return b.build();
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        HttpUrl url = readPath != null ? base.newBuilder().encodedPath(readPath).build() : url(table, key, "r", r);
        try (Response response =
                CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
            int code = response.code();
            byte[] body = response.body().bytes();
            if (code == 404) {
                return Status.NOT_FOUND;
            }
            if (code != 200) {
                return Status.ERROR;
            }
            if (readPath == null) {
                JsonRecord.decode(body, fields, result);
            }
            return Status.OK;
        } catch (IOException | RuntimeException e) {
            return Status.ERROR;
        }
    }

    private Status put(String table, String key, Map<String, ByteIterator> values) {
        Request request = new Request.Builder()
                .url(url(table, key, "w", w))
                .put(RequestBody.create(JsonRecord.encode(values), JSON))
                .build();
        try (Response response = CLIENT.newCall(request).execute()) {
            response.body().bytes();
            return response.code() == 204 || response.code() == 200 ? Status.OK : Status.ERROR;
        } catch (IOException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        return put(table, key, values);
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        return put(table, key, values);
    }

    @Override
    public Status delete(String table, String key) {
        Request request =
                new Request.Builder().url(url(table, key, "w", w)).delete().build();
        try (Response response = CLIENT.newCall(request).execute()) {
            return response.code() == 204 ? Status.OK : Status.ERROR;
        } catch (IOException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status scan(
            String table,
            String startkey,
            int recordcount,
            Set<String> fields,
            Vector<HashMap<String, ByteIterator>> result) {
        return Status.NOT_IMPLEMENTED;
    }

}
