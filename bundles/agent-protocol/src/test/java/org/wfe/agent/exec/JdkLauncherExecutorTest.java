package org.wfe.agent.exec;

/** The script executor on the JDK's launcher behind setsid: the fall back where posix_spawn is not reachable. */
class JdkLauncherExecutorTest extends ScriptExecutorContract {

    @Override
    Launcher launcher() {
        return new JdkLauncher();
    }
}
