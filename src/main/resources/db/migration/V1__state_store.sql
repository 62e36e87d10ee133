-- hrsync state store: what hrsync last applied, per person and per vendor; the files it accepted;
-- the plans it made; the input files it processed. Portable SQL: runs on H2 (embedded default) and
-- PostgreSQL (production). Unquoted identifiers only.

-- The last accepted HRIS snapshot of each person (keyed on employee_id: an email change is a move).
CREATE TABLE person_state (
    employee_id    VARCHAR(200)   NOT NULL PRIMARY KEY,
    email          VARCHAR(320)   NOT NULL,
    snapshot_hash  VARCHAR(64)    NOT NULL,
    snapshot       VARCHAR(20000) NOT NULL,
    last_run_id    VARCHAR(100)   NOT NULL,
    updated_at     TIMESTAMP      NOT NULL
);

-- What hrsync last applied to one person's account in one vendor.
-- state: ACTIVE (hrsync manages a working account), DEACTIVATED (deactivated, or never there for a leaver)
CREATE TABLE vendor_account (
    vendor          VARCHAR(50)    NOT NULL,
    employee_id     VARCHAR(200)   NOT NULL,
    email           VARCHAR(320)   NOT NULL,
    name            VARCHAR(500),
    vendor_user_id  VARCHAR(200),
    state           VARCHAR(20)    NOT NULL,
    snapshot_hash   VARCHAR(64)    NOT NULL,
    last_run_id     VARCHAR(100)   NOT NULL,
    updated_at      TIMESTAMP      NOT NULL,
    PRIMARY KEY (vendor, employee_id)
);
CREATE INDEX vendor_account_email ON vendor_account (vendor, email);

-- Each input file a run accepted (applied), for the source guards (header drift, row-count drop).
CREATE TABLE accepted_file (
    run_id       VARCHAR(100)  NOT NULL PRIMARY KEY,
    file_name    VARCHAR(1000) NOT NULL,
    sha256       VARCHAR(64)   NOT NULL,
    header       VARCHAR(4000) NOT NULL,
    data_rows    BIGINT        NOT NULL,
    accepted_at  TIMESTAMP     NOT NULL
);

-- Plans: made by every run; those a guard stopped (or a plan-mode run made) wait for approval.
CREATE TABLE run_plan (
    plan_id         VARCHAR(64)   NOT NULL PRIMARY KEY,
    run_id          VARCHAR(100)  NOT NULL,
    input_file      VARCHAR(1000) NOT NULL,
    input_sha256    VARCHAR(64)   NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    reason          VARCHAR(4000),
    created_at      TIMESTAMP     NOT NULL,
    applied_run_id  VARCHAR(100),
    applied_at      TIMESTAMP
);

-- Camel's JdbcMessageIdRepository: the input files already processed (idempotent consumer).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName  VARCHAR(255)  NOT NULL,
    messageId      VARCHAR(1000) NOT NULL,
    createdAt      TIMESTAMP,
    PRIMARY KEY (processorName, messageId)
);
