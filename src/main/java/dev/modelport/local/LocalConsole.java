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
import java.util.List;
import java.util.Objects;

/**
 * The printer columns of {@code kubectl get externalmodels}, which the embedded API server cannot render: prints a
 * compact table of every model whenever one of its rows changes (not on status writes that change nothing shown).
 */
final class LocalConsole implements AutoCloseable {

    static final List<String> HEADER = List.of("NAMESPACE", "NAME", "PHASE", "API", "ENDPOINT", "INFERENCE",
            "LAST TEST");

    private final PrintWriter out;
    private final SharedIndexInformer<ExternalModel> informer;
    private List<List<String>> printed = List.of();

    private LocalConsole(PrintWriter out, KubernetesClient client) {
        this.out = out;
        this.informer = client.resources(ExternalModel.class).inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ExternalModel model) {
                refresh();
            }

            @Override
            public void onUpdate(ExternalModel old, ExternalModel model) {
                refresh();
            }

            @Override
            public void onDelete(ExternalModel model, boolean deletedFinalStateUnknown) {
                refresh();
            }
        });
    }

    static LocalConsole start(KubernetesClient client, PrintWriter out) {
        LocalConsole console = new LocalConsole(out, client);
        console.informer.run();
        return console;
    }

    private synchronized void refresh() {
        List<List<String>> rows = informer.getIndexer().list().stream()
                .sorted(Comparator.comparing((ExternalModel m) -> m.getMetadata().getNamespace())
                        .thenComparing(m -> m.getMetadata().getName()))
                .map(LocalConsole::row)
                .toList();
        if (rows.equals(printed)) {
            return;
        }
        printed = rows;
        out.print(table(rows));
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

    /** The rows under the header, each column as wide as its widest cell. */
    static String table(List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(rows);
        int[] widths = new int[HEADER.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
            }
            table.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        if (rows.isEmpty()) {
            table.append("(no ExternalModels)").append(System.lineSeparator());
        }
        return table.toString();
    }

    @Override
    public void close() {
        informer.close();
    }
}
