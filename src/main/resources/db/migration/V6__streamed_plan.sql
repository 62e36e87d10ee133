-- The plan is streamed (issue 10): change detection looks up the accounts of a batch of rows by
-- employee id, in every vendor at once, instead of reading every account into memory.
CREATE INDEX vendor_account_employee ON vendor_account (employee_id);
-- A work item carries its planned change whole, so that delivery needs no plan in memory: the note
-- for actions.csv, the email the account was last applied under (an email change), the snapshot hash
-- the change applies, and whether hrsync managed a working account before the run. NULL on items
-- written before this migration (they are delivered as a replay is: decided from the lookup).
ALTER TABLE work_item ADD COLUMN plan_note VARCHAR(4000);
ALTER TABLE work_item ADD COLUMN previous_email VARCHAR(320);
ALTER TABLE work_item ADD COLUMN snapshot_hash VARCHAR(64);
ALTER TABLE work_item ADD COLUMN managed BOOLEAN;
-- A run's items read in row order (actions.csv, a resume) without sorting them, and the run's
-- unfinished items counted without reading its finished ones (the run waits on that count).
CREATE INDEX work_item_in_row_order ON work_item (run_id, row_no, employee_id, vendor);
CREATE INDEX work_item_run_status ON work_item (run_id, status);
