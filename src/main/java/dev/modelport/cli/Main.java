package dev.modelport.cli;

import dev.modelport.local.LocalMode;
import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Set;

/**
 * The entry point. Each command runs in the Quarkus configuration profile of its role, so that a role's settings are
 * the {@code %operator.}, {@code %gateway.} and {@code %local.} lines of application.properties, and the other
 * commands (validate, test, kubectl, --help) those of {@code %cli.}: they must not take a port, or they fail wherever
 * 8080 is in use.
 */
@QuarkusMain
public final class Main {

    /** Quarkus's profile setting; as a system property, as {@code java -Dquarkus.profile=... -jar} sets it. */
    static final String PROFILE = "quarkus.profile";

    /** The profile of the commands that are not a role. */
    static final String OTHER_COMMANDS = "cli";

    /** The commands that run a role: each is its profile's name. */
    static final Set<String> ROLES = Set.of("operator", "gateway", LocalMode.COMMAND);

    private Main() {
    }

    public static void main(String... args) {
        System.setProperty(PROFILE, profiles(args, System.getProperty(PROFILE), System.getenv("QUARKUS_PROFILE")));
        if (isLocal(args)) {
            // The API server must run before Quarkus builds its Kubernetes client, which is told where it is.
            try {
                LocalMode.prepare(args).forEach(System::setProperty);
            } catch (LocalMode.StartFailure e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
        }
        Quarkus.run(PicocliRunner.class, args);
    }

    /** The command's profile: the role it runs, or {@value #OTHER_COMMANDS}. */
    static String profile(String... args) {
        return args.length > 0 && ROLES.contains(args[0]) ? args[0] : OTHER_COMMANDS;
    }

    /**
     * The command's profile, then the profiles given with {@code -Dquarkus.profile} or {@code QUARKUS_PROFILE} (the
     * property first, as Quarkus reads them), whose settings take precedence over the role's.
     */
    static String profiles(String[] args, String property, String environment) {
        String given = property != null && !property.isBlank() ? property : environment;
        return given == null || given.isBlank() ? profile(args) : profile(args) + "," + given;
    }

    static boolean isLocal(String... args) {
        return args.length > 0 && LocalMode.COMMAND.equals(args[0]);
    }
}
