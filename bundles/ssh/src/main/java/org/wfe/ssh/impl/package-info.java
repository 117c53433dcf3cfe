package org.wfe.ssh.impl;
