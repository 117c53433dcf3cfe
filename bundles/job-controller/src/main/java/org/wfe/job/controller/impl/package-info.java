package org.wfe.job.controller.impl;
