/**
 * The agent controller: runs scripts as child jobs on agents, over XMPP (Smack; presence and XEP-0199
 * pings for liveness, results acknowledged so none is lost) and on the built-in {@code local} agent
 * (the same executor in-process), and reports output, results, kills and lost agents into the jobs.
 */
package org.wfe.agent.controller.impl;
