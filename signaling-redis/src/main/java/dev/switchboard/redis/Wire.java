package dev.switchboard.redis;

import dev.switchboard.core.Recipient;

/**
 * The text of what nodes publish to each other. Fields are separated by a line feed, which a
 * login name cannot contain; a relayed message, which may, is always the last field.
 *
 * <pre>
 * on a node's channel:   D kind targetName targetLogin senderName senderNode senderLogin text
 *                        U kind reason senderName senderLogin targetName   (could not deliver:
 *                                                                           o offline, r refused)
 * on the directory:      + name node login    (claimed)
 *                        - name node login    (released)
 *                        x node               (the node is gone)
 * </pre>
 */
final class Wire {

    private static final Recipient.Kind[] KINDS = Recipient.Kind.values();

    private Wire() {
    }

    static String delivery(Recipient.Kind kind, String targetName, long targetLogin, String senderName, String senderNode,
            long senderLogin, String text) {
        return new StringBuilder(text.length() + 64).append("D\n").append(kind.ordinal()).append('\n').append(targetName)
                .append('\n').append(targetLogin).append('\n').append(senderName).append('\n').append(senderNode)
                .append('\n').append(senderLogin).append('\n').append(text).toString();
    }

    /** The reason of a {@code U}: the target's login is not on that node. */
    static final String OFFLINE = "o";

    static String undeliverable(Recipient.Kind kind, boolean offline, String senderName, long senderLogin, String targetName) {
        return "U\n" + kind.ordinal() + '\n' + (offline ? OFFLINE : "r") + '\n' + senderName + '\n' + senderLogin + '\n'
                + targetName;
    }

    /** A delivery up to its target's login, which {@link Scripts#FORWARD} fills in. */
    static String deliveryHead(Recipient.Kind kind, String targetName) {
        return "D\n" + kind.ordinal() + '\n' + targetName + '\n';
    }

    /** A delivery after its target's login. */
    static String deliveryTail(String senderName, String senderNode, long senderLogin, String text) {
        return new StringBuilder(text.length() + 48).append('\n').append(senderName).append('\n').append(senderNode)
                .append('\n').append(senderLogin).append('\n').append(text).toString();
    }

    static String claimed(String name, String node, long login) {
        return "+\n" + name + '\n' + node + '\n' + login;
    }

    static String released(String name, String node, long login) {
        return "-\n" + name + '\n' + node + '\n' + login;
    }

    static String nodeGone(String node) {
        return "x\n" + node;
    }

    static Recipient.Kind kind(String field) {
        return KINDS[Integer.parseInt(field)];
    }

    /**
     * Splits {@code text} into {@code count} fields; the last one takes the rest.
     *
     * @throws IllegalArgumentException if there are fewer
     */
    static String[] fields(String text, int count) {
        String[] fields = new String[count];
        int start = 0;
        for (int i = 0; i < count - 1; i++) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                throw new IllegalArgumentException("expected " + count + " fields");
            }
            fields[i] = text.substring(start, end);
            start = end + 1;
        }
        fields[count - 1] = text.substring(start);
        return fields;
    }
}
