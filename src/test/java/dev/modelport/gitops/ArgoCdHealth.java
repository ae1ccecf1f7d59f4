package dev.modelport.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The Argo CD health check docs/argocd/externalmodel-health.lua run in a real Lua engine (LuaJ) on an object shaped
 * as Argo CD hands it to the script: the live object turned into nested tables, JSON arrays 1-based, every number a
 * float.
 */
public final class ArgoCdHealth {

    static final Path SCRIPT = Path.of("docs/argocd/externalmodel-health.lua");
    static final List<String> STATUSES = List.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing",
            "Unknown");
    private static final String SCRIPT_TEXT = read(SCRIPT);

    private ArgoCdHealth() {
    }

    /** The script's verdict. */
    public record Health(String status, String message) {
    }

    /** The script's verdict on the object (as JSON, e.g. read from the API server). */
    public static Health of(JsonNode object) {
        return run(toLua(object));
    }

    /** Runs the script with obj set; the globals hold the base (without loading), string, table and math libraries. */
    static Health run(LuaValue obj) {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib()); // LuaJ's libraries register themselves in package.loaded
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new JseMathLib());
        LoadState.install(globals);
        LuaC.install(globals);
        for (String unsafe : List.of("package", "require", "dofile", "loadfile", "load", "loadstring")) {
            globals.set(unsafe, LuaValue.NIL);
        }
        globals.set("obj", obj);
        LuaValue result = globals.load(SCRIPT_TEXT, "externalmodel-health.lua").call();
        assertThat(result.istable()).as("the script returns a table").isTrue();
        LuaValue status = result.get("status");
        LuaValue message = result.get("message");
        assertThat(status.isstring()).as("status is a string").isTrue();
        assertThat(message.isstring()).as("message is a string").isTrue();
        assertThat(STATUSES).contains(status.tojstring());
        assertThat(result.checktable().keyCount()).as("only status and message").isEqualTo(2);
        return new Health(status.tojstring(), message.tojstring());
    }

    /** JSON as Argo CD hands it to Lua: objects and arrays (1-based) as tables, numbers as floats, null as nil. */
    static LuaValue toLua(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                table.set(field.getKey(), toLua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, toLua(node.get(i)));
            }
            return table;
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.doubleValue());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        return LuaValue.valueOf(node.asText());
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
