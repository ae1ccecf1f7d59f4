package dev.modelport.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records every log record that reaches the root logger while open (or, made with {@link #of}, one category's): its
 * logger, level, message, parameters and stack trace, so that a test can look for what a line must say or must never
 * say.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /**
     * One record: its message as logged, and its text, which holds the message, the parameters and the stack trace
     * of a throwable.
     */
    public record Line(String logger, Level level, String message, String text) {

        @Override
        public String toString() {
            return level + " " + logger + " " + text;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    // Held so that a level set on it is not lost to garbage collection of the logger.
    private final Logger widened;
    private final Logger attachedTo;

    private LogCapture(Logger widened, Logger attachedTo) {
        this.widened = widened;
        this.attachedTo = attachedTo;
        setLevel(Level.ALL);
        attachedTo.addHandler(this);
    }

    /** Records at the levels the loggers are configured with. */
    public static LogCapture start() {
        return new LogCapture(null, Logger.getLogger(""));
    }

    /** Records with the loggers under {@code name} at every level, until closed. */
    public static LogCapture everyLevelOf(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.ALL);
        return new LogCapture(logger, Logger.getLogger(""));
    }

    /**
     * Records the loggers under {@code name} only, at their configured levels: also a category whose records do not
     * go on to the root's handlers (a handler of its own, use-parent-handlers false).
     */
    public static LogCapture of(String name) {
        return new LogCapture(null, Logger.getLogger(name));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The lines at the level or above. */
    public List<Line> atLeast(Level level) {
        return lines.stream().filter(line -> line.level().intValue() >= level.intValue()).toList();
    }

    @Override
    public void publish(LogRecord record) {
        StringWriter text = new StringWriter().append(String.valueOf(record.getMessage())).append(' ')
                .append(Arrays.toString(record.getParameters()));
        if (record.getThrown() != null) {
            text.append(' ');
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        lines.add(new Line(record.getLoggerName(), record.getLevel(), record.getMessage(), text.toString()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        attachedTo.removeHandler(this);
        if (widened != null) {
            widened.setLevel(null);
        }
    }
}
