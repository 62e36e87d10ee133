-- Ramp webhook events (issue 12): an accepted event is stored here before it is acknowledged, its id
-- unique, so that Ramp's retries of the same event are acknowledged and never processed twice, and a
-- crash after the acknowledgement loses nothing. status: RECEIVED (waiting for the relay), then what
-- the relay made of it.
CREATE TABLE webhook_event (
    event_id      VARCHAR(200)  NOT NULL PRIMARY KEY,
    event_type    VARCHAR(100)  NOT NULL,
    object_id     VARCHAR(200),
    body          VARCHAR(65536) NOT NULL,
    status        VARCHAR(20)   NOT NULL,
    note          VARCHAR(4000),
    received_at   TIMESTAMP     NOT NULL,
    updated_at    TIMESTAMP     NOT NULL
);
CREATE INDEX webhook_event_status ON webhook_event (status, received_at);
