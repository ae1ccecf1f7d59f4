package dev.modelport.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Operator settings (application.properties, environment, or the Helm chart's values). */
@ConfigMapping(prefix = "modelport")
public interface OperatorSettings {

    /** Host name of the gateway Service that per-model inference Services point at (ExternalName). */
    @WithDefault("modelport-gateway.modelport.svc.cluster.local")
    String gatewayHost();

    /** How many connectivity tests may run at once. */
    @WithDefault("16")
    int testThreads();

    /**
     * How many connectivity tests may call one upstream host ({@code host:port}) at once, so that many models on one
     * host never flood it; the others wait their turn without holding back other hosts' tests.
     */
    @WithDefault("8")
    int testsPerHost();

    /** Endpoint policy for upstream calls, of both roles (connectivity tests and the gateway). */
    Upstream upstream();

    /** Leader election among operator replicas. */
    LeaderElection leaderElection();

    interface Upstream {

        /** Permit loopback endpoints (127.0.0.0/8, ::1): local development and tests only. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Refuse the private ranges too (RFC 1918, 100.64.0.0/10, fc00::/7): for installs with public upstreams only. */
        @WithDefault("false")
        boolean refusePrivate();

        /** The cluster's Service CIDRs, refused so that a model cannot reach in-cluster Services through us. */
        Optional<List<String>> serviceCidrs();

        /** The cluster's Pod CIDRs, refused so that a model cannot reach pods through us. */
        Optional<List<String>> podCidrs();

        /** CIDRs and host names exempt from the endpoint policy's refusals. */
        Optional<List<String>> allowList();

        /**
         * How long a keep-alive connection to an endpoint may sit unused before it is closed: below the idle
         * timeouts of the load balancers and NATs between the cluster and its endpoints, which drop connections
         * silently. Whole seconds, at least 1s.
         */
        @WithDefault("30s")
        Duration idleTimeout();
    }

    interface LeaderElection {

        /**
         * Run leader election (a coordination.k8s.io Lease), so that of several operator replicas only one
         * reconciles. Off by default, for a single process such as a developer's; the Helm chart turns it on.
         * The Quarkus Operator SDK honours it in the operator role's profile only (see
         * {@code quarkus.operator-sdk.activate-leader-election-for-profiles}).
         */
        @WithDefault("false")
        boolean enabled();

        /** Name of the Lease the replicas compete for. */
        @WithDefault("modelport-operator")
        String leaseName();

        /**
         * Namespace of the Lease: the chart sets the pod's own namespace; when unset, the namespace of the
         * Kubernetes client's configuration (in a pod, its service account's namespace).
         */
        Optional<String> leaseNamespace();
    }
}
