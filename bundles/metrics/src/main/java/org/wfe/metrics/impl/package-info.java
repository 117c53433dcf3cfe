/**
 * The engine's metrics for Prometheus: job series fed by the job controller's EventAdmin events, gauges read from
 * the store, agent controller and live jobs at scrape time, served as the Prometheus text format behind the API's
 * users (viewer) or a bearer token. Private: nothing here is exported.
 */
package org.wfe.metrics.impl;
