/** The tasklets of the actor {@code @NAME@}: what the engine runs for the actions {@code @NAME@.*}. */
package @PACKAGE@;
