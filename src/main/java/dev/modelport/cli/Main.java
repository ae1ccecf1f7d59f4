package dev.modelport.cli;

import dev.modelport.local.LocalMode;
import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Optional;
import java.util.Set;

/**
 * The entry point. Only the long-running roles listen on HTTP (health probes, the gateway); the offline commands
 * (validate, test, --help) must not take a port, or they fail wherever 8080 is in use.
 */
@QuarkusMain
public final class Main {

    /** Enables the operator SDK's readiness check (only the operator role starts the operator). */
    public static final String OPERATOR_HEALTH_CHECK =
            "quarkus.smallrye-health.check.\"io.quarkiverse.operatorsdk.runtime.OperatorHealthCheck\".enabled";

    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

    /** Commands that serve HTTP. */
    static final Set<String> SERVING_COMMANDS = Set.of("operator", "gateway", LocalMode.COMMAND);

    private Main() {
    }

    public static void main(String... args) {
        if (!servesHttp(args)) {
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        if (isGateway(args)) {
            // Configuration is read before picocli picks the command, so the routes learn the role here.
            System.setProperty("modelport.gateway.enabled", "true");
            // The gateway never starts the operator, whose readiness check would keep the pod unready.
            System.setProperty(OPERATOR_HEALTH_CHECK, "false");
            gatewayEventLoops(System.getProperty(EVENT_LOOPS), System.getenv("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE"),
                    Runtime.getRuntime().availableProcessors())
                    .ifPresent(loops -> System.setProperty(EVENT_LOOPS, loops));
        }
        if (isLocal(args)) {
            // The API server must run before Quarkus builds its Kubernetes client.
            try {
                LocalMode.prepare(args).forEach(System::setProperty);
            } catch (LocalMode.StartFailure e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
        }
        Quarkus.run(PicocliRunner.class, args);
    }

    static boolean isGateway(String... args) {
        return args.length > 0 && "gateway".equals(args[0]);
    }

    /**
     * The gateway's event loops unless configured: one per core, not Vert.x's two. A streamed answer is read from
     * the endpoint and written to the caller on the request's event loop, and a pooled upstream connection made by
     * another loop adds a hand-off between the loops each way (bench/gateway.sh shows it on a one-core gateway).
     */
    static Optional<String> gatewayEventLoops(String property, String environment, int cores) {
        if (property != null || environment != null) {
            return Optional.empty();
        }
        return Optional.of(Integer.toString(Math.max(1, cores)));
    }

    static boolean isLocal(String... args) {
        return args.length > 0 && LocalMode.COMMAND.equals(args[0]);
    }

    static boolean servesHttp(String... args) {
        return args.length > 0 && SERVING_COMMANDS.contains(args[0]);
    }
}
