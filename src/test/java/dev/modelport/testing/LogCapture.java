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
 * Records every log record that reaches the root logger while open: its logger, level, message, parameters and
 * stack trace, so that a test can look for what a line must say or must never say.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One record; its text holds the message, the parameters and the stack trace of a throwable. */
    public record Line(String logger, Level level, String text) {

        @Override
        public String toString() {
            return level + " " + logger + " " + text;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    // Held so that a level set on it is not lost to garbage collection of the logger.
    private final Logger widened;

    private LogCapture(Logger widened) {
        this.widened = widened;
        setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
    }

    /** Records at the levels the loggers are configured with. */
    public static LogCapture start() {
        return new LogCapture(null);
    }

    /** Records with the loggers under {@code name} at every level, until closed. */
    public static LogCapture everyLevelOf(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.ALL);
        return new LogCapture(logger);
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
        lines.add(new Line(record.getLoggerName(), record.getLevel(), text.toString()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        if (widened != null) {
            widened.setLevel(null);
        }
    }
}
