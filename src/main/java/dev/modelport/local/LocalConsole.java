package dev.modelport.local;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The printer columns of {@code kubectl get externalmodels}, which the embedded API server cannot render, followed
 * as {@code kubectl get -w} does: the whole table once, when the informer has synced, then one line for each model
 * whose row changed (status writes that change nothing shown print nothing), and a {@value #DELETED} line when one is
 * deleted. Columns keep the widths of the first table and widen for a longer cell.
 */
final class LocalConsole implements AutoCloseable {

    static final List<String> HEADER = List.of("NAMESPACE", "NAME", "PHASE", "API", "ENDPOINT", "INFERENCE",
            "LAST TEST");
    static final String DELETED = "(deleted)";

    private final PrintWriter out;
    private SharedIndexInformer<ExternalModel> informer;
    /** The rows printed last, by namespace/name; null until the table is printed. Guarded by this. */
    private Map<String, List<String>> printed;
    private final int[] widths = HEADER.stream().mapToInt(String::length).toArray();

    LocalConsole(PrintWriter out) {
        this.out = out;
    }

    static LocalConsole start(KubernetesClient client, PrintWriter out) {
        LocalConsole console = new LocalConsole(out);
        console.informer = client.resources(ExternalModel.class).inAnyNamespace().runnableInformer(0);
        console.informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ExternalModel model) {
                console.changed(model);
            }

            @Override
            public void onUpdate(ExternalModel old, ExternalModel model) {
                console.changed(model);
            }

            @Override
            public void onDelete(ExternalModel model, boolean deletedFinalStateUnknown) {
                console.deleted(model);
            }
        });
        console.informer.run();
        console.printAll(console.informer.getIndexer().list());
        return console;
    }

    /** Prints the whole table, sorted by namespace and name; the rows that follow print only when they change. */
    synchronized void printAll(List<ExternalModel> models) {
        printed = new HashMap<>();
        List<List<String>> rows = new ArrayList<>();
        models.stream().sorted(Comparator.comparing((ExternalModel m) -> m.getMetadata().getNamespace())
                .thenComparing(m -> m.getMetadata().getName())).forEach(model -> {
                    List<String> row = row(model);
                    printed.put(key(model), row);
                    rows.add(row);
                });
        rows.forEach(this::widen);
        StringBuilder table = new StringBuilder(line(HEADER));
        rows.forEach(row -> table.append(line(row)));
        if (rows.isEmpty()) {
            table.append("(no ExternalModels)").append(System.lineSeparator());
        }
        print(table.toString());
    }

    /** Prints the model's row if it differs from the one printed last (before the table: nothing). */
    synchronized void changed(ExternalModel model) {
        List<String> row = row(model);
        if (printed != null && !row.equals(printed.put(key(model), row))) {
            widen(row);
            print(line(row));
        }
    }

    synchronized void deleted(ExternalModel model) {
        if (printed != null && printed.remove(key(model)) != null) {
            List<String> row = new ArrayList<>(row(model));
            row.set(2, DELETED);
            widen(row);
            print(line(row));
        }
    }

    private static String key(ExternalModel model) {
        return model.getMetadata().getNamespace() + "/" + model.getMetadata().getName();
    }

    private void widen(List<String> row) {
        for (int i = 0; i < row.size(); i++) {
            widths[i] = Math.max(widths[i], row.get(i).length());
        }
    }

    /** One row, each column but the last padded to its width and three spaces. */
    private String line(List<String> row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            line.append(row.get(i));
            if (i < row.size() - 1) {
                line.repeat(' ', widths[i] + 3 - row.get(i).length());
            }
        }
        return line.toString().stripTrailing() + System.lineSeparator();
    }

    private void print(String text) {
        out.print(text);
        out.flush();
    }

    static List<String> row(ExternalModel model) {
        ExternalModelStatus status = model.getStatus();
        boolean inference = model.getSpec() != null && model.getSpec().inference != null
                && Boolean.TRUE.equals(model.getSpec().inference.enabled);
        return List.of(model.getMetadata().getNamespace(), model.getMetadata().getName(),
                status == null || status.phase == null ? "-" : status.phase.name(),
                status == null || status.api == null ? "-" : status.api,
                status == null || status.endpointHost == null ? "-" : status.endpointHost,
                Boolean.toString(inference),
                lastTest(status));
    }

    private static String lastTest(ExternalModelStatus status) {
        if (status == null || status.lastTest == null || status.lastTest.time == null) {
            return "-";
        }
        Condition tested = Conditions.find(status.conditions, ConditionType.TESTED);
        String outcome = tested == null ? "" : tested.status == ConditionStatus.TRUE ? "passed"
                : Objects.requireNonNullElse(tested.reason, "failed");
        return (outcome + " " + status.lastTest.time).strip();
    }

    @Override
    public void close() {
        informer.close();
    }
}
