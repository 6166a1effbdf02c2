package io.faalive.loadtest.cli;

/** Exceptions as the one line a user reads. */
public final class Errors {

    private Errors() {}

    /** The exception's message, and its root cause's when that says more; at most 400 characters. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = message(e);
        String rootMessage = message(root);
        String line = root == e || top.contains(rootMessage.substring(0, Math.min(40, rootMessage.length()))) ? top : top + ": " + rootMessage;
        return line.length() > 400 ? line.substring(0, 397) + "..." : line;
    }

    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String message(Throwable t) {
        String m = firstLine(t.getMessage());
        return m.isEmpty() ? t.getClass().getSimpleName() : m;
    }
}
