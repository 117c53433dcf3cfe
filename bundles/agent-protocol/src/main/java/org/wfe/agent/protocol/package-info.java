/**
 * The agent protocol shared by the controller and the agents: one IQ child element per message kind in
 * namespace {@value org.wfe.agent.protocol.Protocol#NAMESPACE}, each carrying a JSON body ({@link Codec}).
 * <ul>
 * <li>{@code exec} (controller to agent, set): job guid, script content, params, max duration. Answered at
 * once with an empty result (accepted) or an error (refused, bad payload, not the controller).</li>
 * <li>{@code kill} (controller to agent, set): kill the job's process group; answered at once.</li>
 * <li>{@code output} (agent to controller, set): a batch of output lines of a running job.</li>
 * <li>{@code result} (agent to controller, set): the final result; the agent keeps it (and output lines not
 * acknowledged) and sends it again (after a reconnect, when a controller resource comes online or the one it
 * talked to goes away) until a controller answers it, or refuses it for a stale token.</li>
 * <li>{@code query} (controller to agent, set, 1.2): what the agent knows of a job; the answer is a result
 * IQ carrying {@code status} (running, finished, unknown). The querier becomes the job's controller
 * resource, its token the job's token.</li>
 * </ul>
 * Every exec, output, result and query carries the job's token (1.2; its epoch, 0 on a single engine).
 * The provider never fails on a body: decoding happens in the handlers, which answer a bad body with a
 * {@code bad-request} error that says what is wrong, so garbage never closes the XMPP stream.
 * {@link org.wfe.agent.protocol.TransportCheck} (1.1) is the one rule for plain XMPP at both ends.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.wfe.agent.protocol;
