package dev.switchboard.core.internal;

/**
 * The syntax of a login name. Not part of the API; the rules are documented in docs/protocol.md.
 *
 * <p>A name has 1 to {@code maxLength} Unicode code points, is not only whitespace, and contains no
 * control characters, format (invisible) characters, line or paragraph separators, private-use or
 * unassigned code points, or unpaired surrogates.
 */
public final class NameRules {

    private final int maxLength;

    public NameRules(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxNameLength must be at least 1, was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** Why {@code name} is not acceptable, or null if it is. */
    public String problem(String name) {
        if (name.isEmpty()) {
            return "Name is empty";
        }
        if (name.length() > 2 * maxLength || name.codePointCount(0, name.length()) > maxLength) {
            return "Name is longer than " + maxLength + " characters";
        }
        boolean onlySpace = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
                        Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE,
                        Character.UNASSIGNED -> {
                    return "Name contains a control or invisible character (U+"
                            + String.format("%04X", cp) + ")";
                }
                case Character.SPACE_SEPARATOR -> { }
                default -> onlySpace = false;
            }
            i += Character.charCount(cp);
        }
        return onlySpace ? "Name is only whitespace" : null;
    }
}
