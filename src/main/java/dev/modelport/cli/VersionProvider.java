package dev.modelport.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (Quarkus writes the Maven version there). */
public class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"modelport " + (version == null ? "development build" : version)};
    }
}
