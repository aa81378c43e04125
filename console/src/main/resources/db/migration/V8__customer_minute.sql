-- Per-minute traffic of each customer on each POP, kept by ingest beside the per-property rows (in the
-- same transaction, so it is exactly their sum). A view of every property of a customer, or of every
-- customer, reads one row per minute, POP and customer instead of one per property.
CREATE TABLE customer_minute (
    minute_start      TIMESTAMP WITH TIME ZONE NOT NULL,
    customer          VARCHAR(63) NOT NULL,
    pop               VARCHAR(63) NOT NULL,
    requests          BIGINT NOT NULL DEFAULT 0,
    bytes_to_clients  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (pop, minute_start, customer)
);
CREATE INDEX customer_minute_customer ON customer_minute (customer, minute_start);
CREATE INDEX customer_minute_minute ON customer_minute (minute_start);

INSERT INTO customer_minute (minute_start, customer, pop, requests, bytes_to_clients)
SELECT minute_start, customer, pop, SUM(requests), SUM(bytes_to_clients) FROM edge_minute
GROUP BY minute_start, customer, pop;
