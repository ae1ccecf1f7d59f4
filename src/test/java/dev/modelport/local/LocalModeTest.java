package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModeTest {

    @TempDir
    Path folder;

    @Test
    void shouldLeaveHelpAndBadArgumentsToPicocliWithoutStartingAnything() {
        assertThat(LocalMode.prepare("local", "--help")).isEmpty();
        assertThat(LocalMode.prepare("local", "--port", "not-a-number")).isEmpty();
        assertThat(LocalMode.prepare("local", "--no-such-option")).isEmpty();
        assertThat(folder.resolve("kubeconfig")).doesNotExist();
    }

    @Test
    void shouldNameTheOptionWhenTheDemoPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path kubeconfig = folder.resolve("kubeconfig");
            assertThatThrownBy(() -> LocalMode.prepare("local", "--demo-port",
                    Integer.toString(taken.getLocalPort()), "--kubeconfig", kubeconfig.toString()))
                    .isInstanceOf(LocalMode.StartFailure.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--demo-port");
            assertThat(kubeconfig).doesNotExist();
        }
    }

    @Test
    void shouldNameTheOptionWhenTheKubeconfigCannotBeWritten() throws Exception {
        Path blocked = Files.writeString(folder.resolve("a-file"), "");
        assertThatThrownBy(() -> LocalMode.prepare("local", "--demo-port", "0", "--kubeconfig",
                blocked.resolve("kubeconfig").toString()))
                .isInstanceOf(LocalMode.StartFailure.class)
                .hasMessageContaining("--kubeconfig");
        assertThat(LocalMode.current()).isNull();
    }

    @Test
    void shouldFindTheEmbeddedServerOnlyWhereTheBuildKeptIt() throws Exception {
        assertThat(LocalMode.hasEmbeddedServer(LocalMode.class.getClassLoader())).isTrue();
        try (URLClassLoader withoutOptionalDependencies = new URLClassLoader(new URL[0], null)) {
            assertThat(LocalMode.hasEmbeddedServer(withoutOptionalDependencies)).isFalse();
        }
    }

    @Test
    void shouldNameTheBuildCommandWhenTheControlPlaneIsNotBuilt() {
        assertThatThrownBy(() -> KubeControlPlane.start(folder.resolve("no-such-binary"), folder.resolve("run"),
                java.time.Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mvn -B -ntp verify -DskipTests")
                .hasMessageContaining("Go 1.26");
    }
}
