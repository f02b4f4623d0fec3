package io.ringkv.server.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.internal.InternalController;
import io.ringkv.server.security.SecurityFilters;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.CompositeFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/** Web settings of the client API. */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration implements WebMvcConfigurer {
    private final RequestTimers clientMetrics;
    private final RequestTimers replicaMetrics;
    private final ClusterMembership membership;

    public ApiConfiguration(MeterRegistry registry, ClusterMembership membership) {
        this.clientMetrics = RequestTimers.client(registry);
        this.replicaMetrics = RequestTimers.replica(registry);
        this.membership = membership;
    }

    @Override
    public void addInterceptors(InterceptorRegistry interceptors) {
        interceptors.addInterceptor(new ClientMetricsInterceptor(clientMetrics)).addPathPatterns("/v1/**");
        // The members list answers while the ring is still unknown: it says which seeds are missing.
        interceptors
                .addInterceptor(new ClusterReadyInterceptor(membership))
                .addPathPatterns("/v1/**")
                .excludePathPatterns("/v1/cluster/members");
    }

    /**
     * The security gates (io.ringkv.server.security), then key reads and writes, replica requests and
     * pings (see {@link HotRouteFilter}), ahead of every other filter. One registration keeps their
     * order: the gates see every request before anything serves it.
     */
    @Bean
    FilterRegistrationBean<CompositeFilter> hotRoutes(
            KeysController keys,
            InternalController internal,
            ProblemHandler problems,
            SecurityFilters security,
            ObjectProvider<RequestMappingHandlerAdapter> mvc) {
        HotRouteFilter hot = new HotRouteFilter(
                keys, internal, problems, membership, clientMetrics, replicaMetrics, () -> mvc.getObject()
                        .getMessageConverters());
        List<Filter> filters = new ArrayList<>(security.filters());
        filters.add(hot);
        CompositeFilter filter = new CompositeFilter();
        filter.setFilters(filters);
        FilterRegistrationBean<CompositeFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Lets a key hold a slash, sent as {@code %2F}: Tomcat passes it through undecoded and the key's
     * path variable decodes it, so it never splits the path.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesInKeys() {
        return factory ->
                factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
    }

    /** Requests Tomcat refuses itself are answered as problems too (see {@link ProblemErrorReportValve}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Pipeline pipeline = context.getParent().getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemErrorReportValve());
            // Otherwise the host adds Tomcat's own (HTML, with stack traces) when it starts.
            ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        });
    }
}
