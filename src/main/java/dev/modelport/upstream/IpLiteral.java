package dev.modelport.upstream;

import java.util.ArrayList;
import java.util.List;

/**
 * Strict parsing of IP address literals in configuration, without any name lookup: dotted-quad IPv4 with decimal
 * parts and no leading zeros (so "010.0.0.1" is not silently read as octal or decimal), and IPv6 with at most one
 * "::" and an optional dotted-quad tail. No zone ids, no brackets.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** The 4 or 16 address bytes, or null when the text is not an IP literal. */
    static byte[] parse(String text) {
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] parseV6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        List<Integer> tail = gap < 0 ? List.of() : groups(text.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            put(bytes, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            put(bytes, 8 - tail.size() + i, tail.get(i));
        }
        return bytes;
    }

    private static void put(byte[] bytes, int group, int value) {
        bytes[2 * group] = (byte) (value >> 8);
        bytes[2 * group + 1] = (byte) value;
    }

    /** The 16-bit groups of a colon-separated part; a dotted quad may end it when it ends the address. */
    private static List<Integer> groups(String part, boolean endsAddress) {
        List<Integer> groups = new ArrayList<>();
        if (part.isEmpty()) {
            return groups;
        }
        String[] pieces = part.split(":", -1);
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (endsAddress && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
                byte[] v4 = parseV4(piece);
                if (v4 == null) {
                    return null;
                }
                groups.add((v4[0] & 0xff) << 8 | (v4[1] & 0xff));
                groups.add((v4[2] & 0xff) << 8 | (v4[3] & 0xff));
            } else if (piece.isEmpty() || piece.length() > 4 || !isHex(piece)) {
                return null;
            } else {
                groups.add(Integer.parseInt(piece, 16));
            }
        }
        return groups;
    }

    private static boolean isHex(String piece) {
        return piece.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
    }
}
