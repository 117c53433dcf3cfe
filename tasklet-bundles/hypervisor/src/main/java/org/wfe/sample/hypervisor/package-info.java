/**
 * The actor {@code hypervisor}: {@code startVMachine} and {@code stopVMachine} run this bundle's script
 * ({@code scripts/hypervisor/<action>/<script>.sh}) on an agent and record a machine's state in the
 * repository (type {@code machine}, body field {@code status}).
 */
package org.wfe.sample.hypervisor;
