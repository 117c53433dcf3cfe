package org.wfe.drp.impl;
