/** Test fixture: a tasklet whose activate throws, so DS reports FAILED_ACTIVATION and the engine lists it broken. */
package org.wfe.test.broken.activate;
