/**
 * The actor {@code hypervisor}: {@code startVMachine} and {@code stopVMachine} record a machine's state
 * in the repository (type {@code machine}, body field {@code status}).
 */
package org.wfe.sample.hypervisor;
