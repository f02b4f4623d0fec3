package io.ringkv.ycsb;

import io.ringkv.client.Quorum;
import io.ringkv.client.ReadOptions;
import io.ringkv.client.RingkvClient;
import io.ringkv.client.RingkvException;
import io.ringkv.client.Versions;
import io.ringkv.client.WriteOptions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * YCSB binding for ringkv through the ring-aware client (client/): each request goes to a node of
 * the key's preference list, which coordinates it as one of the replicas. A record is one key
 * holding a JSON object of its fields, as in {@link RingkvRestDb}: reads are gets, inserts and
 * updates blind puts (the bucket is meant to be {@code lww}), deletes deletes. One client is shared
 * by every YCSB thread. Properties: {@code ringkv.hosts} (comma-separated host:port seeds),
 * {@code ringkv.r}, {@code ringkv.w} (quorum parameters added to every request when set),
 * {@code ringkv.routing} (PREFERENCE_FIRST, the default, PREFERENCE_SPREAD or ROUND_ROBIN).
 */
public class RingkvClientDb extends DB {
    private static final Object LOCK = new Object();
    private static RingkvClient shared;
    private static int users;

    private RingkvClient client;
    private ReadOptions read = ReadOptions.defaults();
    private WriteOptions write = WriteOptions.defaults().contentType("application/json");

    @Override
    public void init() throws DBException {
        String r = getProperties().getProperty("ringkv.r");
        String w = getProperties().getProperty("ringkv.w");
        try {
            if (r != null) {
                read = read.r(Quorum.parse(r));
            }
            if (w != null) {
                write = write.w(Quorum.parse(w));
            }
            synchronized (LOCK) {
                if (shared == null) {
                    String[] hosts = getProperties()
                            .getProperty("ringkv.hosts", "localhost:8080")
                            .split(",");
                    shared = RingkvClient.builder()
                            .seeds(Arrays.stream(hosts).map(String::trim).toList())
                            .routing(RingkvClient.Routing.valueOf(
                                    getProperties().getProperty("ringkv.routing", "PREFERENCE_FIRST")))
                            .build();
                    if (shared.ring() == null) {
                        shared.close();
                        shared = null;
                        throw new DBException("no node of ringkv.hosts answered the ring: " + Arrays.toString(hosts));
                    }
                }
                users++;
                client = shared;
            }
        } catch (IllegalArgumentException e) {
            throw new DBException(e.getMessage(), e);
        }
    }

    @Override
    public void cleanup() {
        synchronized (LOCK) {
            if (client != null && --users == 0) {
                shared.close();
                shared = null;
            }
            client = null;
        }
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            Versions v = client.get(table, key, read);
            switch (v.kind()) {
                case VALUE:
                    JsonRecord.decode(v.value().value(), fields, result);
                    return Status.OK;
                case NOT_FOUND:
                    return Status.NOT_FOUND;
                default:
                    return Status.ERROR;
            }
        } catch (RingkvException | IllegalArgumentException e) {
            return Status.ERROR;
        }
    }

    private Status put(String table, String key, Map<String, ByteIterator> values) {
        try {
            client.put(table, key, JsonRecord.encode(values), write);
            return Status.OK;
        } catch (RingkvException e) {
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
        try {
            client.delete(table, key);
            return Status.OK;
        } catch (RingkvException e) {
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
