/** In-framework tests of the engine's bundles, run inside Felix on the runtime's bundle set. */
package org.wfe.itest;
