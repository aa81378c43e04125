-- Config versions and the nodes they are pushed to. config_head is one row: which version is
-- committed, and which push (if any) is under way. A push takes it with a conditional UPDATE and
-- commits with another, so of two consoles pushing at once the database lets exactly one proceed.

ALTER TABLE nodes ADD COLUMN admin_url VARCHAR(255);
ALTER TABLE nodes ADD COLUMN software_version VARCHAR(64);
ALTER TABLE nodes ADD COLUMN config_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN healthy BOOLEAN;
ALTER TABLE nodes ADD COLUMN last_contact TIMESTAMP WITH TIME ZONE;

CREATE TABLE config_versions (
    version      BIGINT       PRIMARY KEY,
    yaml         TEXT         NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    author       VARCHAR(128) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    diff         TEXT         NOT NULL,
    state        VARCHAR(10)  NOT NULL,
    reason       TEXT,
    finished_at  TIMESTAMP WITH TIME ZONE
);

-- Each node's answer in each phase of a push.
CREATE TABLE config_votes (
    version     BIGINT      NOT NULL,
    node        VARCHAR(63) NOT NULL,
    phase       VARCHAR(8)  NOT NULL,
    accepted    BOOLEAN     NOT NULL,
    message     TEXT,
    latency_ms  INTEGER     NOT NULL,
    PRIMARY KEY (version, node, phase)
);

CREATE TABLE config_head (
    id                 INTEGER PRIMARY KEY,
    committed_version  BIGINT  NOT NULL,
    pushing_version    BIGINT,
    pushing_since      TIMESTAMP WITH TIME ZONE
);
INSERT INTO config_head (id, committed_version) VALUES (1, 0);
