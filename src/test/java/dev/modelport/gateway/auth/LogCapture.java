package dev.modelport.gateway.auth;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records every log line that reaches the root logger, with this package at every level, while open. */
final class LogCapture extends Handler implements AutoCloseable {

    record Line(String logger, Level level, String text) {
    }

    final List<Line> lines = new CopyOnWriteArrayList<>();
    // Held so the level set on it is not lost to garbage collection of the logger.
    private final Logger packageLogger = Logger.getLogger("dev.modelport.gateway.auth");

    LogCapture() {
        packageLogger.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(new Line(record.getLoggerName(), record.getLevel(), record.getMessage() + " "
                + Arrays.toString(record.getParameters()) + " " + record.getThrown()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        packageLogger.setLevel(null);
    }
}
