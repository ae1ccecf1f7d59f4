package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldMergeMapsAsAJsonMergePatchAndReplaceListsWithoutAMergeKey() throws IOException {
        JsonNode target = JSON.readTree("""
                {"metadata": {"labels": {"a": "1", "b": "2"}}, "data": {"x": "1"},
                 "spec": {"externalIPs": ["10.0.0.1", "10.0.0.2"]}}""");
        JsonNode patch = JSON.readTree("""
                {"metadata": {"labels": {"b": null, "c": "3"}}, "data": {"y": "2", "z": {"n": null}},
                 "spec": {"externalIPs": ["10.0.0.3"]}}""");

        assertThat(apply(target, patch)).isEqualTo(JSON.readTree("""
                {"metadata": {"labels": {"a": "1", "c": "3"}}, "data": {"x": "1", "y": "2", "z": {}},
                 "spec": {"externalIPs": ["10.0.0.3"]}}"""));
        assertThat(target.at("/metadata/labels").has("b")).as("the target is not modified").isTrue();
    }

    @Test
    void shouldMergeListsWithAMergeKeyElementByElement() throws IOException {
        JsonNode target = JSON.readTree("""
                {"metadata": {"finalizers": ["a", "b"],
                              "ownerReferences": [{"uid": "1", "name": "one"}, {"uid": "2", "name": "two"}]},
                 "spec": {"ports": [{"port": 80, "name": "http"}, {"port": 443, "name": "https"}]}}""");
        JsonNode patch = JSON.readTree("""
                {"metadata": {"finalizers": ["c", "a"], "$deleteFromPrimitiveList/finalizers": ["b"],
                              "ownerReferences": [{"uid": "2", "$patch": "delete"}, {"uid": "3", "name": "three"}]},
                 "spec": {"$setElementOrder/ports": [{"port": 80}, {"port": 8080}],
                          "ports": [{"port": 80, "targetPort": 9090}, {"port": 8080, "name": "alt"}]}}""");

        assertThat(apply(target, patch)).isEqualTo(JSON.readTree("""
                {"metadata": {"finalizers": ["a", "c"],
                              "ownerReferences": [{"uid": "1", "name": "one"}, {"uid": "3", "name": "three"}]},
                 "spec": {"ports": [{"port": 80, "name": "http", "targetPort": 9090},
                                    {"port": 443, "name": "https"}, {"port": 8080, "name": "alt"}]}}"""));
    }

    @Test
    void shouldFollowThePatchDirectives() throws IOException {
        JsonNode target = JSON.readTree("""
                {"data": {"x": "1", "y": "2"}, "spec": {"selector": {"app": "a"}, "type": "NodePort",
                 "ports": [{"port": 80}, {"port": 443}]}, "status": {"loadBalancer": {"ingress": []}}}""");
        JsonNode patch = JSON.readTree("""
                {"data": {"$patch": "replace", "z": "3"}, "status": {"$patch": "delete"},
                 "spec": {"$retainKeys": ["ports", "clusterIP"], "clusterIP": "None",
                          "ports": [{"$patch": "replace"}, {"port": 8080}]}}""");

        assertThat(apply(target, patch)).isEqualTo(JSON.readTree("""
                {"data": {"z": "3"}, "spec": {"ports": [{"port": 8080}], "clusterIP": "None"}}"""));
    }

    private static JsonNode apply(JsonNode target, JsonNode patch) {
        return StrategicMergePatch.apply(target, (ObjectNode) patch);
    }
}
