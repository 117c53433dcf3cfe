package org.wfe.sample.hypervisor;
