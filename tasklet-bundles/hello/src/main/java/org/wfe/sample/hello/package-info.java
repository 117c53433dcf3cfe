package org.wfe.sample.hello;
