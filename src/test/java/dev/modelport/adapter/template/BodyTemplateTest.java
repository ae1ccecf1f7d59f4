package dev.modelport.adapter.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyTemplateTest {

    /** Strict JSON: no trailing tokens, no unescaped control characters (Jackson's default). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static String render(String template, Map<String, JsonNode> values) throws Exception {
        return BodyTemplate.parse(template).render(values::get);
    }

    private static JsonNode strict(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static String decodedField(String rendered, String field) throws Exception {
        return strict(rendered).get(field).textValue();
    }

    private static TemplateException parseError(String template) {
        try {
            BodyTemplate.parse(template);
            return null;
        } catch (TemplateException e) {
            return e;
        }
    }

    private static void assertErrorAt(String template, int line, int column) {
        TemplateException e = parseError(template);
        assertThat(e).as("TemplateException for %s", template).isNotNull();
        assertThat(e.line()).as("line").isEqualTo(line);
        assertThat(e.column()).as("column").isEqualTo(column);
        assertThat(e).hasMessageEndingWith("at line " + line + ", column " + column);
    }


    @Test
    void shouldInsertEscapedTextInsideStringAndLiteralAsWholeValue() throws Exception {
        String out = render("{\"t\": \"Q: {{v}}\", \"w\": {{v}}}", Map.of("v", TextNode.valueOf("say \"hi\"")));
        assertThat(out).isEqualTo("{\"t\": \"Q: say \\\"hi\\\"\", \"w\": \"say \\\"hi\\\"\"}");
        assertThat(decodedField(out, "t")).isEqualTo("Q: say \"hi\"");
        assertThat(decodedField(out, "w")).isEqualTo("say \"hi\"");
    }

    @Test
    void shouldFlagPlaceholdersInsideStringsAndAsWholeValues() throws Exception {
        BodyTemplate template = BodyTemplate.parse(
                "{\"a\": \"{{s}}\", \"b\": {{w}}, \"c\": [{{x}}, \"pre {{y}} post\"], \"{{k}}\": {{ z }}}");
        assertThat(template.placeholders()).extracting(Placeholder::name).containsExactly("s", "w", "x", "y", "k", "z");
        assertThat(template.placeholders()).extracting(Placeholder::inString)
                .containsExactly(true, false, false, true, true, false);
    }

    @Test
    void shouldReportLineAndColumnOfPlaceholdersOnMultiLineTemplate() throws Exception {
        BodyTemplate template = BodyTemplate.parse("""
                {
                  "model": "m",
                  "messages": [{"role": "user", "content": "Q: {{prompt}}"}],
                  "temperature": {{ temperature }},
                  "system": "{{sys}}", "again": "{{prompt}}"
                }""");
        assertThat(template.placeholders()).containsExactly(
                new Placeholder("prompt", true, 3, 48),
                new Placeholder("temperature", false, 4, 18),
                new Placeholder("sys", true, 5, 14),
                new Placeholder("prompt", true, 5, 34));
        assertThat(template.variableNames()).containsExactly("prompt", "temperature", "sys");
    }

    @Test
    void shouldAcceptSpacesInsideBraces() throws Exception {
        BodyTemplate template = BodyTemplate.parse("{\"a\": {{  name}}, \"b\": \"{{name  }}\", \"c\": {{ n_2 }}}");
        assertThat(template.placeholders()).extracting(Placeholder::name).containsExactly("name", "name", "n_2");
        assertThat(template.render(n -> IntNode.valueOf(n.length()))).isEqualTo("{\"a\": 4, \"b\": \"4\", \"c\": 3}");
    }


    @Test
    void shouldEscapeQuotesInsideStringLiteral() throws Exception {
        String out = render("{\"t\": \"{{v}}\"}", Map.of("v", TextNode.valueOf("\"quoted\" \"")));
        assertThat(out).isEqualTo("{\"t\": \"\\\"quoted\\\" \\\"\"}");
        assertThat(decodedField(out, "t")).isEqualTo("\"quoted\" \"");
    }

    @Test
    void shouldEscapeBackslashesInsideStringLiteral() throws Exception {
        String value = "C:\\path\\ \\\" \\u0041 \\";
        String out = render("{\"t\": \"{{v}}\"}", Map.of("v", TextNode.valueOf(value)));
        assertThat(decodedField(out, "t")).isEqualTo(value);
    }

    @Test
    void shouldEscapeNewlineCarriageReturnAndTabInsideStringLiteral() throws Exception {
        String value = "line1\nline2\r\n\tindented";
        String out = render("{\"t\": \"{{v}}\"}", Map.of("v", TextNode.valueOf(value)));
        assertThat(out).isEqualTo("{\"t\": \"line1\\nline2\\r\\n\\tindented\"}");
        assertThat(decodedField(out, "t")).isEqualTo(value);
    }

    @Test
    void shouldEscapeEveryControlCharacterInsideStringLiteral() throws Exception {
        StringBuilder value = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            value.append('a').append(c);
        }
        String out = render("{\"t\": \"{{v}}\", \"w\": {{v}}}", Map.of("v", TextNode.valueOf(value.toString())));
        assertThat(out.chars()).noneMatch(c -> c < 0x20);
        assertThat(out).contains("\\u0000", "\\u001f", "\\b", "\\f");
        assertThat(decodedField(out, "t")).isEqualTo(value.toString());
        assertThat(decodedField(out, "w")).isEqualTo(value.toString());
    }

    @Test
    void shouldEscapeLineAndParagraphSeparators() throws Exception {
        String value = "a\u2028b\u2029c";
        String out = render("{\"t\": \"{{v}}\"}", Map.of("v", TextNode.valueOf(value)));
        assertThat(out).isEqualTo("{\"t\": \"a\\u2028b\\u2029c\"}");
        assertThat(decodedField(out, "t")).isEqualTo(value);
    }

    @Test
    void shouldPassUnicodeThroughUnescaped() throws Exception {
        String value = "héllo 中文 😀 \u00a0 ü";
        String out = render("{\"t\": \"{{v}}\"}", Map.of("v", TextNode.valueOf(value)));
        assertThat(out).isEqualTo("{\"t\": \"" + value + "\"}");
        assertThat(decodedField(out, "t")).isEqualTo(value);
    }


    @Test
    void shouldInsertStringAsQuotedLiteral() throws Exception {
        String value = "a \"b\" \\c\\ {d}";
        String out = render("{\"w\": {{v}}}", Map.of("v", TextNode.valueOf(value)));
        assertThat(out).isEqualTo("{\"w\": \"a \\\"b\\\" \\\\c\\\\ {d}\"}");
        assertThat(decodedField(out, "w")).isEqualTo(value);
    }

    @Test
    void shouldInsertNumbersAsLiterals() throws Exception {
        String out = render("{\"i\": {{i}}, \"d\": {{d}}, \"n\": {{n}}, \"big\": {{big}}}", Map.of(
                "i", strict("42"), "d", strict("0.2"), "n", strict("-7.5"), "big", strict("12345678901234567890")));
        assertThat(out).isEqualTo("{\"i\": 42, \"d\": 0.2, \"n\": -7.5, \"big\": 12345678901234567890}");
        assertThat(strict(out).get("n").doubleValue()).isEqualTo(-7.5);
        assertThat(strict(out).get("big").bigIntegerValue()).hasToString("12345678901234567890");
    }

    @Test
    void shouldInsertBooleansAsLiterals() throws Exception {
        Map<String, JsonNode> values = Map.of("t", strict("true"), "f", strict("false"));
        assertThat(render("[{{t}}, {{f}}]", values)).isEqualTo("[true, false]");
    }

    @Test
    void shouldInsertNestedArrayOfObjectsAsLiteral() throws Exception {
        JsonNode examples = strict("[{\"input\": \"2+2\", \"output\": \"4 \\\"four\\\"\"},"
                + " {\"input\": \"nested\", \"output\": {\"k\": [1, null, true, {\"x\": \"\\n\"}]}}]");
        String out = render("{\"examples\": {{examples}}, \"o\": {{o}}}",
                Map.of("examples", examples, "o", strict("{\"a\\\"b\": {}, \"c\": []}")));
        JsonNode parsed = strict(out);
        assertThat(parsed.get("examples")).isEqualTo(examples);
        assertThat(parsed.get("o")).isEqualTo(strict("{\"a\\\"b\": {}, \"c\": []}"));
    }

    @Test
    void shouldInsertJsonNullAsNullLiteral() throws Exception {
        assertThat(render("{\"w\": {{v}}}", Map.of("v", NullNode.instance))).isEqualTo("{\"w\": null}");
    }


    @Test
    void shouldInsertNonStringValuesAsTheirJsonTextInsideStringLiteral() throws Exception {
        JsonNode object = strict("{\"a\": \"x\\\"y\", \"b\": [1, true, null]}");
        String out = render("{\"n\": \"t={{n}}\", \"b\": \"{{b}}\", \"o\": \"{{o}}\", \"arr\": \"{{arr}}\"}",
                Map.of("n", DoubleNode.valueOf(0.2), "b", strict("false"), "o", object, "arr", strict("[1,\"2\"]")));
        JsonNode parsed = strict(out);
        assertThat(parsed.get("n").textValue()).isEqualTo("t=0.2");
        assertThat(parsed.get("b").textValue()).isEqualTo("false");
        assertThat(parsed.get("o").textValue()).isEqualTo("{\"a\":\"x\\\"y\",\"b\":[1,true,null]}");
        assertThat(strict(parsed.get("o").textValue())).isEqualTo(object);
        assertThat(parsed.get("arr").textValue()).isEqualTo("[1,\"2\"]");
    }

    @Test
    void shouldRenderAbsentOrNullValueAsNullWholeValueAndEmptyInsideString() throws Exception {
        BodyTemplate template = BodyTemplate.parse("{\"w\": {{v}}, \"t\": \"[{{v}}]\"}");
        assertThat(template.render(name -> null)).isEqualTo("{\"w\": null, \"t\": \"[]\"}");
        assertThat(template.render(name -> NullNode.instance)).isEqualTo("{\"w\": null, \"t\": \"[]\"}");
        assertThat(template.render(name -> MissingNode.getInstance())).isEqualTo("{\"w\": null, \"t\": \"[]\"}");
    }


    @Test
    void shouldNeverReExpandPlaceholdersInsideInsertedValues() throws Exception {
        String value = "{{other}} ${env.X} {{ other }}";
        List<String> asked = new ArrayList<>();
        Map<String, JsonNode> values = new HashMap<>(Map.of(
                "prompt", TextNode.valueOf(value), "other", TextNode.valueOf("INJECTED")));
        String out = BodyTemplate.parse("{\"t\": \"{{prompt}}\", \"w\": {{prompt}}, \"a\": [{{prompt}}]}")
                .render(name -> {
                    asked.add(name);
                    return values.get(name);
                });
        assertThat(out).doesNotContain("INJECTED");
        assertThat(asked).containsOnly("prompt");
        JsonNode parsed = strict(out);
        assertThat(parsed.get("t").textValue()).isEqualTo(value);
        assertThat(parsed.get("w").textValue()).isEqualTo(value);
        assertThat(parsed.get("a").get(0).textValue()).isEqualTo(value);
    }

    @Test
    void shouldRenderTheSameVariableUsedSeveralTimes() throws Exception {
        BodyTemplate template = BodyTemplate.parse("{\"a\": \"{{x}}\", \"b\": {{x}}, \"c\": \"{{x}}-{{x}}\"}");
        assertThat(template.placeholders()).hasSize(4);
        assertThat(template.variableNames()).containsExactly("x");
        assertThat(template.render(n -> TextNode.valueOf("q\"")))
                .isEqualTo("{\"a\": \"q\\\"\", \"b\": \"q\\\"\", \"c\": \"q\\\"-q\\\"\"}");
    }

    @Test
    void shouldRenderAdjacentPlaceholdersInsideString() throws Exception {
        BodyTemplate template = BodyTemplate.parse("{\"t\": \"{{a}}{{b}}\"}");
        assertThat(template.placeholders()).containsExactly(
                new Placeholder("a", true, 1, 8), new Placeholder("b", true, 1, 13));
        String out = template.render(Map.<String, JsonNode>of("a", TextNode.valueOf("1\""), "b",
                TextNode.valueOf("\\2"))::get);
        assertThat(decodedField(out, "t")).isEqualTo("1\"\\2");
    }

    @Test
    void shouldKeepBracesThatAreNotPlaceholdersLiterally() throws Exception {
        String source = "{\"t\": \"{{ not an id }} {{1abc}} {{}} }} {{a-b}} {{\", \"u\": \"{{1x}}{{ok}}\"}";
        BodyTemplate template = BodyTemplate.parse(source);
        assertThat(template.placeholders()).containsExactly(new Placeholder("ok", true, 1, 66));
        String out = template.render(n -> TextNode.valueOf("V"));
        assertThat(out).isEqualTo(source.replace("{{ok}}", "V"));
        assertThat(decodedField(out, "t")).isEqualTo("{{ not an id }} {{1abc}} {{}} }} {{a-b}} {{");
        assertThat(decodedField(out, "u")).isEqualTo("{{1x}}V");
    }

    @Test
    void shouldKeepStringContextAfterEscapedQuote() throws Exception {
        BodyTemplate template = BodyTemplate.parse("{\"t\": \"a \\\" {{prompt}}\", \"w\": {{n}}}");
        assertThat(template.placeholders()).containsExactly(
                new Placeholder("prompt", true, 1, 13), new Placeholder("n", false, 1, 31));
        String out = template.render(Map.<String, JsonNode>of("prompt", TextNode.valueOf("\"x"), "n",
                IntNode.valueOf(1))::get);
        assertThat(strict(out)).isEqualTo(strict("{\"t\": \"a \\\" \\\"x\", \"w\": 1}"));
    }

    @Test
    void shouldEndStringAfterEscapedBackslashBeforeClosingQuote() throws Exception {
        BodyTemplate template = BodyTemplate.parse("{\"t\": \"x\\\\\", \"w\": {{n}}, \"u\": \"\\\\{{p}}\"}");
        assertThat(template.placeholders()).extracting(Placeholder::inString).containsExactly(false, true);
        String out = template.render(n -> TextNode.valueOf("v"));
        assertThat(strict(out)).isEqualTo(strict("{\"t\": \"x\\\\\", \"w\": \"v\", \"u\": \"\\\\v\"}"));
    }

    @Test
    void shouldRenderTemplateWithoutPlaceholdersAsSource() throws Exception {
        String source = "{\n  \"model\": \"m\",\n  \"a\": [1, {\"b\": \"}}\"}],\n  \"c\": \"\\\" {{\"\n}\n";
        BodyTemplate template = BodyTemplate.parse(source);
        assertThat(template.placeholders()).isEmpty();
        assertThat(template.variableNames()).isEmpty();
        assertThat(template.source()).isEqualTo(source);
        assertThat(template.render(n -> TextNode.valueOf("unused"))).isEqualTo(source);
    }


    @Test
    void shouldRejectTrailingCommaAtItsLineAndColumn() {
        assertErrorAt("{\"a\": 1,}", 1, 9);
        assertErrorAt("{\n  \"a\": 1,\n  \"b\": 2,\n}", 4, 1);
    }

    @Test
    void shouldRejectMissingClosingBraceAtEndOfInput() {
        assertErrorAt("{\"a\": 1", 1, 8);
        assertErrorAt("[1, 2\n", 2, 1);
    }

    @Test
    void shouldRejectPlaceholderInKeyPositionAtThePlaceholder() {
        assertErrorAt("{ {{x}}: 1 }", 1, 3);
    }

    @Test
    void shouldRejectUnterminatedString() {
        assertErrorAt("{\"a\": \"abc}", 1, 12);
        assertErrorAt("{\n  \"a\": \"abc}", 2, 13);
    }

    @Test
    void shouldMapErrorPositionsAcrossPlaceholdersToSourcePositions() {
        // whole-value placeholders render as "null" (4 chars, source 5+): positions after them must still be right
        assertErrorAt("{\n  \"a\": 1,\n  \"b\": {{x}} 3\n}", 3, 14);
        assertErrorAt("{\n  \"messages\": [\n    {\"role\": \"user\", \"content\": \"{{prompt}}\"}\n  ],\n"
                + "  \"n\": {{n}},,\n}", 5, 14);
        // an in-string placeholder renders empty on line 2; the error is on line 3
        assertErrorAt("{\n  \"a\": \"{{x}}\",\n  \"b\": tru\n}", 3, 8);
        // an error at a whole-value placeholder points at its opening braces
        assertErrorAt("{\"a\": {{x}} {{y}}}", 1, 13);
    }

    @Test
    void shouldRejectTextBeforeTheJsonValue() {
        assertErrorAt("xyz {\"a\": 1}", 1, 1);
    }

    @Test
    void shouldRejectTextAfterTheJsonValue() {
        assertErrorAt("{\"a\": \"{{prompt}}\"} xyz", 1, 21);
        assertThatThrownBy(() -> BodyTemplate.parse("{\"a\": 1}\n{\"b\": 2}")).isInstanceOf(TemplateException.class);
    }

    @Test
    void shouldRejectBlankBody() {
        assertThatThrownBy(() -> BodyTemplate.parse("")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> BodyTemplate.parse("  \n ")).isInstanceOf(TemplateException.class);
    }


    @Test
    void shouldRoundTripPseudoRandomStringsInsideStringsAndAsWholeValues() throws Exception {
        String[] pool = {"\"", "\\", "/", "{", "}", "{{", "}}", "{{v}}", "$", "${env.X}", "a", "Z", "0", " ", ":", ",",
            "[", "]", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f", "\u007f", "\u2028", "\u2029", "é",
            "中", "😀", "\u00a0", "\\u0041", "null"};
        Random random = new Random(42);
        BodyTemplate template = BodyTemplate.parse("{\"t\": \"<{{v}}>\", \"w\": {{v}}, \"a\": [{{v}}, \"{{v}}\"]}");
        for (int n = 0; n < 200; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(30);
            for (int k = 0; k < length; k++) {
                sb.append(pool[random.nextInt(pool.length)]);
            }
            String value = sb.toString();
            String out = template.render(name -> TextNode.valueOf(value));
            JsonNode parsed = strict(out);
            assertThat(parsed.get("t").textValue()).as("in string, case %d: %s", n, out).isEqualTo("<" + value + ">");
            assertThat(parsed.get("w").textValue()).as("whole value, case %d: %s", n, out).isEqualTo(value);
            assertThat(parsed.get("a").get(0).textValue()).isEqualTo(value);
            assertThat(parsed.get("a").get(1).textValue()).isEqualTo(value);
        }
    }
}
