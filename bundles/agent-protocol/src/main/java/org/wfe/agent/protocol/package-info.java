/**
 * The agent protocol shared by the controller and the agents: one IQ child element per message kind in
 * namespace {@value org.wfe.agent.protocol.Protocol#NAMESPACE}, each carrying a JSON body ({@link Codec}).
 * <ul>
 * <li>{@code exec} (controller to agent, set): job guid, script content, params, max duration. Answered at
 * once with an empty result (accepted) or an error (refused, bad payload, not the controller).</li>
 * <li>{@code kill} (controller to agent, set): kill the job's process group; answered at once.</li>
 * <li>{@code output} (agent to controller, set): a batch of output lines of a running job.</li>
 * <li>{@code result} (agent to controller, set): the final result; the agent keeps it and sends it again
 * (after a reconnect, or when the controller comes back online) until the controller answers it.</li>
 * </ul>
 * The provider never fails on a body: decoding happens in the handlers, which answer a bad body with a
 * {@code bad-request} error that says what is wrong, so garbage never closes the XMPP stream.
 * {@link org.wfe.agent.protocol.TransportCheck} (1.1) is the one rule for plain XMPP at both ends.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.wfe.agent.protocol;
