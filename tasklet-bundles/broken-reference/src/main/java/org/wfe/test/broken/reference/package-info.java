/** Test fixture: a tasklet component whose mandatory reference is never satisfied, so it registers nothing. */
package org.wfe.test.broken.reference;
