-- Raw access log files the edges upload, one row per stored file (the file itself is under the
-- console's state directory, logs/<customer>/<name>). A file is known by its customer and name: a
-- node uploading the same file again finds its row and nothing changes. first_time and last_time are
-- the earliest and latest request in it; retention deletes by last_time.

CREATE TABLE log_files (
    customer     VARCHAR(63)  NOT NULL,
    name         VARCHAR(128) NOT NULL,
    node         VARCHAR(63)  NOT NULL,
    bytes        BIGINT       NOT NULL,
    lines        BIGINT       NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    first_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT log_files_pk PRIMARY KEY (customer, name)
);
CREATE INDEX log_files_customer_last ON log_files (customer, last_time);
CREATE INDEX log_files_last ON log_files (last_time);
