package io.hrsync.run;

/**
 * One vendor's seats as its directory listed them at the start of a run (the drift report's read,
 * taken before the run's writes): accounts active and inactive, and of the active ones those hrsync
 * manages and those it does not (created by hand, service accounts). summary.json "seats", with the
 * seats the run freed (its applied deactivations) added when the run ends.
 */
public record Seats(long listed, long active, long inactive, long activeManaged, long activeNotManaged) {
}
