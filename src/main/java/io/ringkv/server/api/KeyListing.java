package io.ringkv.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of a bucket's keys.
 *
 * @param keys the keys, in a stable order (by partition, then key)
 * @param cursor pass as {@code ?cursor=} to get the next page; absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyListing(List<String> keys, String cursor) {}
