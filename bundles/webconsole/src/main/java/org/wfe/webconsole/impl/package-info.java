/**
 * The engine's pages in the Felix Web Console: jobs (filters, tree, timeline, live log, kill, start an
 * action), tasklets, agents and the repository, each a DS servlet plugin.
 */
package org.wfe.webconsole.impl;
