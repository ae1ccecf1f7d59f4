package dev.modelport.crd;

import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.ListMapKeys;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step: generates the ExternalModel CRD from the Java types with the fabric8 CRD generator and writes it to
 * each folder given as an argument (a comma-separated argument names several). The generator sorts printer
 * columns by JSON path; they are put back in declaration order so kubectl shows Phase first and Age last.
 */
public final class GenerateCrd {

    public static final String FILE_NAME = "externalmodels.modelport.dev-v1.yml";

    private GenerateCrd() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> folders = Arrays.stream(args)
                .filter(arg -> arg != null)
                .flatMap(arg -> Arrays.stream(arg.split(",")))
                .map(String::trim)
                .filter(arg -> !arg.isEmpty())
                .map(Path::of)
                .toList();
        Path first = folders.get(0);
        Files.createDirectories(first);
        new CRDGenerator()
                .inOutputDir(first.toFile())
                .forCRDVersions("v1")
                // One post-processor only: each call of withPostProcessor replaces the previous one.
                .withPostProcessor(new CRDPostProcessor() {
                    @Override
                    public HasMetadata process(HasMetadata crd, String version) {
                        return new MapLists().process(new DeclarationOrderColumns().process(crd, version), version);
                    }
                })
                .customResourceClasses(ExternalModel.class)
                .generate();
        Path generated = first.resolve(FILE_NAME);
        for (Path folder : folders.subList(1, folders.size())) {
            Files.createDirectories(folder);
            Files.copy(generated, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static final class DeclarationOrderColumns implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            List<String> declared = Arrays.stream(ExternalModel.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name)
                    .toList();
            ((CustomResourceDefinition) crd).getSpec().getVersions().forEach(version -> version
                    .getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> declared.indexOf(c.getName()))));
            return crd;
        }
    }

    /** Marks the lists whose Java fields carry {@link ListMapKeys} as maps keyed by those fields. */
    private static final class MapLists implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            ((CustomResourceDefinition) crd).getSpec().getVersions().forEach(version -> {
                JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
                mark(ExternalModelSpec.class, root.getProperties().get("spec"));
                mark(ExternalModelStatus.class, root.getProperties().get("status"));
            });
            return crd;
        }

        private static void mark(Class<?> type, JSONSchemaProps schema) {
            if (schema == null || !type.getPackageName().equals(ExternalModel.class.getPackageName())) {
                return;
            }
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                JSONSchemaProps property = schema.getProperties() == null ? null
                        : schema.getProperties().get(field.getName());
                if (property == null) {
                    continue;
                }
                ListMapKeys keys = field.getAnnotation(ListMapKeys.class);
                if (keys != null) {
                    property.setXKubernetesListType("map");
                    property.setXKubernetesListMapKeys(List.of(keys.value()));
                }
                if (field.getGenericType() instanceof ParameterizedType list && List.class == field.getType()
                        && list.getActualTypeArguments()[0] instanceof Class<?> item) {
                    mark(item, property.getItems() == null ? null : property.getItems().getSchema());
                } else {
                    mark(field.getType(), property);
                }
            }
        }
    }
}
