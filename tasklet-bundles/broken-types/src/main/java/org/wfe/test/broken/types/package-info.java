/** Test fixture: a tasklet whose priority property is a String, which the engine lists broken. */
package org.wfe.test.broken.types;
