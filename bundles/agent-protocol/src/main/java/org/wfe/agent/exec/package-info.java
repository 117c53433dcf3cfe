/**
 * The script executor both the agent daemon and the controller's built-in {@code local} agent use: the
 * script runs in its own session and process group ({@code posix_spawn} with {@code POSIX_SPAWN_SETSID}
 * through the FFM API, or {@code setsid} behind the JDK's launcher) with its params as JSON on stdin and
 * {@code WFE_RESULT_FILE} in its environment; output is captured with a cap and streamed as lines;
 * a kill (or the max duration) signals the whole process group, so nothing the script started survives.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.wfe.agent.exec;
