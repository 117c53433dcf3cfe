package org.wfe.ssh.impl;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;

/** A bare Gogo runtime, as the gogo.runtime bundle would provide it, with the test commands in scope "test". */
final class GogoFixture implements AutoCloseable {

    final ThreadIOImpl threadIO = new ThreadIOImpl();
    final CommandProcessorImpl processor;

    GogoFixture() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("test", new TestCommands());
    }

    @Override
    public void close() {
        processor.stop();
        threadIO.stop();
    }
}
