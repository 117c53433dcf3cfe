package org.wfe.test.broken.reference;

/** A service nobody provides. */
public interface Missing {
}
