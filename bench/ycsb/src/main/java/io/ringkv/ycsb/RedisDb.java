package io.ringkv.ycsb;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import redis.clients.jedis.Jedis;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * YCSB binding for Redis through Jedis, one connection per client thread: a record is one hash
 * (HSET / HGETALL / HMGET / DEL), as YCSB's own Redis binding stores it (without its scan index,
 * which workloads A, B, C and F do not use). Properties: {@code redis.host}, {@code redis.port}.
 */
public class RedisDb extends DB {
    private Jedis jedis;

    @Override
    public void init() throws DBException {
        jedis = new Jedis(
                getProperties().getProperty("redis.host", "localhost"),
                Integer.parseInt(getProperties().getProperty("redis.port", "6379")),
                30_000);
    }

    @Override
    public void cleanup() {
        jedis.close();
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            if (fields == null) {
                Map<String, String> all = jedis.hgetAll(key);
                if (all.isEmpty()) {
                    return Status.NOT_FOUND;
                }
                StringByteIterator.putAllAsByteIterators(result, all);
            } else {
                String[] names = fields.toArray(new String[0]);
                var values = jedis.hmget(key, names);
                for (int i = 0; i < names.length; i++) {
                    if (values.get(i) != null) {
                        result.put(names[i], new StringByteIterator(values.get(i)));
                    }
                }
            }
            return Status.OK;
        } catch (RuntimeException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        try {
            jedis.hset(key, StringByteIterator.getStringMap(values));
            return Status.OK;
        } catch (RuntimeException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        return update(table, key, values);
    }

    @Override
    public Status delete(String table, String key) {
        try {
            return jedis.del(key) == 0 ? Status.NOT_FOUND : Status.OK;
        } catch (RuntimeException e) {
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
