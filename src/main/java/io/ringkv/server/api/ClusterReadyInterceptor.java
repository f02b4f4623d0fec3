package io.ringkv.server.api;

import io.ringkv.server.cluster.ClusterMembership;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses client requests with 503 cluster-not-ready until the node knows the ring. */
final class ClusterReadyInterceptor implements HandlerInterceptor {
    private final ClusterMembership membership;

    ClusterReadyInterceptor(ClusterMembership membership) {
        this.membership = membership;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        membership.requireView();
        return true;
    }
}
