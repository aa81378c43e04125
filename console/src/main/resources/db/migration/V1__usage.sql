-- Usage as the nodes report it. Rows are keyed by the start of their minute or hour (UTC), named
-- minute_start and hour_start because MINUTE and HOUR are keywords in H2. Every count is additive: a
-- minute row grows as batches arrive, and the hour row with it, in the same transaction as the batch
-- id, so a batch is counted exactly once.
-- Customer is stored with each row (resolved from the property at ingest) so that every portal query
-- is scoped by an indexed column. Primary keys start with the reporting node and the time: one batch
-- (one node, a few minutes) then writes a few neighbouring index pages, not one page per property
-- scattered over the whole index (which made H2 rewrite most of the index on every commit).

CREATE TABLE nodes (
    id               VARCHAR(63)  PRIMARY KEY,
    role             VARCHAR(8)   NOT NULL,
    last_report      TIMESTAMP WITH TIME ZONE,
    spool_batches    BIGINT       NOT NULL DEFAULT 0,
    spool_bytes      BIGINT       NOT NULL DEFAULT 0,
    dropped_minutes  BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE ingested_batches (
    batch_id     VARCHAR(128) PRIMARY KEY,
    node_id      VARCHAR(63)  NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    row_count    INTEGER      NOT NULL
);
CREATE INDEX ingested_batches_received ON ingested_batches (received_at);

CREATE TABLE edge_minute (
    minute_start               TIMESTAMP WITH TIME ZONE NOT NULL,
    customer               VARCHAR(63)  NOT NULL,
    property               VARCHAR(253) NOT NULL,
    pop                    VARCHAR(63)  NOT NULL,
    requests               BIGINT NOT NULL DEFAULT 0,
    bytes_to_clients       BIGINT NOT NULL DEFAULT 0,
    bytes_from_origin      BIGINT NOT NULL DEFAULT 0,
    hits                   BIGINT NOT NULL DEFAULT 0,
    misses                 BIGINT NOT NULL DEFAULT 0,
    stale                  BIGINT NOT NULL DEFAULT 0,
    revalidated            BIGINT NOT NULL DEFAULT 0,
    expired                BIGINT NOT NULL DEFAULT 0,
    passes                 BIGINT NOT NULL DEFAULT 0,
    uncached               BIGINT NOT NULL DEFAULT 0,
    status_2xx             BIGINT NOT NULL DEFAULT 0,
    status_3xx             BIGINT NOT NULL DEFAULT 0,
    status_4xx             BIGINT NOT NULL DEFAULT 0,
    status_5xx             BIGINT NOT NULL DEFAULT 0,
    renditions             BIGINT NOT NULL DEFAULT 0,
    rendition_bytes_saved  BIGINT NOT NULL DEFAULT 0,
    -- a gauge, not a count: the largest the POP reported in the minute
    rendition_bytes_stored BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (pop, minute_start, property)
);
CREATE INDEX edge_minute_customer ON edge_minute (customer, minute_start);
CREATE INDEX edge_minute_minute ON edge_minute (minute_start);

-- The same columns per hour; days and months are sums of hours.
CREATE TABLE edge_hour (
    hour_start                 TIMESTAMP WITH TIME ZONE NOT NULL,
    customer               VARCHAR(63)  NOT NULL,
    property               VARCHAR(253) NOT NULL,
    pop                    VARCHAR(63)  NOT NULL,
    requests               BIGINT NOT NULL DEFAULT 0,
    bytes_to_clients       BIGINT NOT NULL DEFAULT 0,
    bytes_from_origin      BIGINT NOT NULL DEFAULT 0,
    hits                   BIGINT NOT NULL DEFAULT 0,
    misses                 BIGINT NOT NULL DEFAULT 0,
    stale                  BIGINT NOT NULL DEFAULT 0,
    revalidated            BIGINT NOT NULL DEFAULT 0,
    expired                BIGINT NOT NULL DEFAULT 0,
    passes                 BIGINT NOT NULL DEFAULT 0,
    uncached               BIGINT NOT NULL DEFAULT 0,
    status_2xx             BIGINT NOT NULL DEFAULT 0,
    status_3xx             BIGINT NOT NULL DEFAULT 0,
    status_4xx             BIGINT NOT NULL DEFAULT 0,
    status_5xx             BIGINT NOT NULL DEFAULT 0,
    renditions             BIGINT NOT NULL DEFAULT 0,
    rendition_bytes_saved  BIGINT NOT NULL DEFAULT 0,
    rendition_bytes_stored BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (pop, hour_start, property)
);
CREATE INDEX edge_hour_customer ON edge_hour (customer, hour_start);
CREATE INDEX edge_hour_hour ON edge_hour (hour_start);

-- GTM decisions. pop is '' for an answer that is a customer's own server, so it can be in the key.
CREATE TABLE dns_minute (
    minute_start      TIMESTAMP WITH TIME ZONE NOT NULL,
    customer      VARCHAR(63)  NOT NULL,
    hostname      VARCHAR(253) NOT NULL,
    answer        VARCHAR(45)  NOT NULL,
    pop           VARCHAR(63)  NOT NULL,
    client_block  VARCHAR(49)  NOT NULL,
    node          VARCHAR(63)  NOT NULL,
    decisions     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (node, minute_start, hostname, answer, client_block)
);
CREATE INDEX dns_minute_customer ON dns_minute (customer, minute_start);
CREATE INDEX dns_minute_minute ON dns_minute (minute_start);

CREATE TABLE dns_hour (
    hour_start        TIMESTAMP WITH TIME ZONE NOT NULL,
    customer      VARCHAR(63)  NOT NULL,
    hostname      VARCHAR(253) NOT NULL,
    answer        VARCHAR(45)  NOT NULL,
    pop           VARCHAR(63)  NOT NULL,
    node          VARCHAR(63)  NOT NULL,
    decisions     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (node, hour_start, hostname, answer, pop)
);
CREATE INDEX dns_hour_customer ON dns_hour (customer, hour_start);
CREATE INDEX dns_hour_hour ON dns_hour (hour_start);
