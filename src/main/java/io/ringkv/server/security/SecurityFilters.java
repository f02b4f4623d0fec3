package io.ringkv.server.security;

import jakarta.servlet.Filter;
import java.util.List;

/**
 * The security gates, in the order every request meets them, ahead of every route (the API's
 * configuration puts them first in its one filter registration).
 */
public record SecurityFilters(List<Filter> filters) {
    public SecurityFilters {
        filters = List.copyOf(filters);
    }
}
