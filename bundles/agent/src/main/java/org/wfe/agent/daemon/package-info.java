/**
 * The agent daemon: logs in to the XMPP server as the agent's account, obeys only the configured
 * controller's bare JID, runs scripts with the shared executor and keeps every final result until the
 * controller acknowledged it (sent again after a reconnect and whenever the controller comes online).
 */
package org.wfe.agent.daemon;
