/**
 * The engine's Gogo commands ({@code wfe:*}): plain DS services that return data (records, lists, maps)
 * which Gogo formats; every listing command also takes {@code --json}. One class per concern.
 */
package org.wfe.shell.impl;
