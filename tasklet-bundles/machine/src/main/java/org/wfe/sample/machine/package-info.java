/**
 * Root-object tasklets for type {@code machine}: {@code start} and {@code stop} ask the hypervisor actor
 * to change the machine's state (priority 10), then notify its owner when one is given (priority 1).
 */
package org.wfe.sample.machine;
