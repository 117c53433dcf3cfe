package org.wfe.tasklet.engine.impl;
