/**
 * The engine's HTTP API: JSON routes under {@code /wfe/api/v1} (jobs, logs, kill, starting actions, agents,
 * tasklets, status, its OpenAPI document) behind the console's admin credentials.
 */
package org.wfe.http.impl;
