package org.wfe.engine.impl;
