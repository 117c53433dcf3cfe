/** The SSH server that gives remote users (and the {@code wfe} launcher) the engine's Gogo shell. */
package org.wfe.ssh.impl;
