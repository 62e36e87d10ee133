-- A vendor task the item waits for (Ramp's deferred invite): the item goes back to the queue, due
-- at the next poll, instead of holding a delivery slot while the task runs; its next attempt polls
-- the task (no lookup, no second invite). Format is the vendor's own, e.g. ramp-task|<id>|<deadline ms>|<polls>|<notes so far>.
ALTER TABLE work_item ADD COLUMN pending_task VARCHAR(4000);
