package org.wfe.api.job;

/** Level of one job log line, most severe first. */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG
}
