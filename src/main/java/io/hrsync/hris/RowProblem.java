package io.hrsync.hris;

/** Why one column of one row cannot be used. */
public record RowProblem(String column, String reason) {
}
