/** Test fixture: the same tasklet class registered twice for one action; the engine keeps the first, lists the second broken. */
package org.wfe.test.broken.duplicate;
