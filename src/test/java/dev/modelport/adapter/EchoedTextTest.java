package dev.modelport.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EchoedTextTest {

    @Test
    void shouldKeepShortPrintableTextAsItIs() {
        assertThat(EchoedText.caller("team-a/support")).isEqualTo("team-a/support");
        assertThat(EchoedText.caller("naïve 模型 😀")).isEqualTo("naïve 模型 😀");
        assertThat(EchoedText.caller(null)).isEqualTo("null");
    }

    @Test
    void shouldCutCallerInputTo100CharactersWithAMark() {
        String cut = EchoedText.caller("x".repeat(100_000));
        assertThat(cut).hasSize(100).endsWith("x…");
        assertThat(EchoedText.caller("y".repeat(100))).isEqualTo("y".repeat(100));
        assertThat(EchoedText.caller("y".repeat(101))).isEqualTo("y".repeat(99) + "…");
    }

    @Test
    void shouldNeverSplitASurrogatePair() {
        String cut = EchoedText.of("😀".repeat(10), 5);
        assertThat(cut).isEqualTo("😀".repeat(4) + "…");
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(5);
    }

    @Test
    void shouldReplaceControlFormatAndSeparatorCharactersBySpaces() {
        assertThat(EchoedText.caller("a\nb\r\nc\td\u0000e\u001bf\u007fg\u0085h")).isEqualTo("a b  c d e f g h");
        // Right-to-left override, zero-width space, line and paragraph separators, a lone surrogate.
        assertThat(EchoedText.caller("a\u202eb\u200bc\u2028d\u2029e\ud800f")).isEqualTo("a b c d e f");
        assertThat(EchoedText.of("line one\nline two", EchoedText.UPSTREAM_LIMIT)).isEqualTo("line one line two");
    }
}
