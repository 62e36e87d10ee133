package io.hrsync.state;

import java.util.List;

/** An input file a run accepted and applied: the baseline of the source guards. */
public record AcceptedFile(String runId, String fileName, String sha256, List<String> header, long dataRows) {
}
