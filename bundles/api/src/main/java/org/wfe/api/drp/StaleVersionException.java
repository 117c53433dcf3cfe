package org.wfe.api.drp;

/** A concurrent modification: the object was saved by someone else since this version was read. */
public class StaleVersionException extends DrpException {
    private static final long serialVersionUID = 1L;

    public StaleVersionException(String type, String guid, long expected, long actual) {
        super("concurrent modification of " + type + " " + guid + ": saved with version " + expected
                + " but the repository has version " + actual + "; read it again and retry");
    }
}
