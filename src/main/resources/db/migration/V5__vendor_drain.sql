-- Which process drains each vendor. Every process has its own rate gate per vendor, so two processes
-- draining one vendor at once could together exceed the vendor's limit: a vendor is drained by one
-- process at a time (holder, until lease_until; renewed while it works, released once it has been
-- idle). The releasing process leaves its gate's recent calls (recent_calls: the call times still in
-- the vendor's window, and its 429 pause), which the next holder counts as its own; a process taking
-- a vendor over from a holder that died calls it only from quiet_until, one rate window later.
CREATE TABLE vendor_drain (
    vendor      VARCHAR(50)  NOT NULL PRIMARY KEY,
    holder      VARCHAR(100),
    last_holder VARCHAR(100),
    lease_until TIMESTAMP,
    quiet_until TIMESTAMP,
    recent_calls VARCHAR(30000)
);
