/** Test fixture: a Tasklet service with no tags at all, which the engine lists broken and never matches. */
package org.wfe.test.broken.notags;
