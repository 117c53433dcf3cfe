package org.wfe.sample.machine;
