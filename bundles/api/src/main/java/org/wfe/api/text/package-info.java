/**
 * Operator text every front end reads and writes the same way: key=value params and durations
 * (Gogo, the console, the HTTP API), so that one rule and one message hold everywhere.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.wfe.api.text;
