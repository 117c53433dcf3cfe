/**
 * The engine's home: its folders, the generated admin password (used by the Web Console and SSH), the
 * FileInstall watcher for {@code etc/*.cfg}, and the status and ready files the {@code wfe} launcher reads.
 */
package org.wfe.engine.impl;
