-- The runs whose work items are in work_item, with the process delivering each: that process
-- beats heartbeat_at while it waits for its run's items. A run that is not finished and whose
-- heartbeat is older than the claim lease was interrupted (its process died or was killed): the
-- next run resumes it, adopting its items (finished ones are kept as they are, unfinished ones are
-- delivered by the new run) and recording resumed_by here.
CREATE TABLE work_run (
    run_id       VARCHAR(100) NOT NULL PRIMARY KEY,
    input_sha256 VARCHAR(64),
    worker       VARCHAR(100) NOT NULL,
    started_at   TIMESTAMP    NOT NULL,
    heartbeat_at TIMESTAMP    NOT NULL,
    finished_at  TIMESTAMP,
    resumed_by   VARCHAR(100)
);
