/** The smallest tasklet bundle: the actor action {@code hello.greet}. */
package org.wfe.sample.hello;
