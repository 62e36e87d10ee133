package io.hrsync.run;

/**
 * One vendor's seats as its directory listed them at the start of a run (the drift report's read,
 * taken before the run's writes): accounts active and inactive, and of the active ones those hrsync
 * manages and those it does not (created by hand, service accounts), and of the active ones those
 * whose person has not accepted an invite yet (a seat taken, nobody signed in; Ramp's
 * {@code INVITE_PENDING}). summary.json "seats", with the seats the run freed (its applied
 * deactivations) added when the run ends.
 */
public record Seats(long listed, long active, long inactive, long activeManaged, long activeNotManaged, long pendingInvite) {
}
