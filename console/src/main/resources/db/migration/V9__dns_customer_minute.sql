-- The GTM's decisions per minute for each customer, answered address, POP and GTM node, kept by ingest
-- beside dns_minute (in the same transaction, so it is exactly the sum of its rows). dns_minute has a
-- row per hostname and client block; a view of every hostname of a customer, or of every customer,
-- reads one row per customer, answer and POP here instead. The node is in the key because every GTM
-- answers for every customer: two GTMs' ingests must never write the same row.
CREATE TABLE dns_customer_minute (
    minute_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    customer      VARCHAR(63) NOT NULL,
    answer        VARCHAR(45) NOT NULL,
    pop           VARCHAR(63) NOT NULL,
    node          VARCHAR(63) NOT NULL,
    decisions     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (node, minute_start, customer, answer, pop)
);
CREATE INDEX dns_customer_minute_customer ON dns_customer_minute (customer, minute_start);
CREATE INDEX dns_customer_minute_minute ON dns_customer_minute (minute_start);

INSERT INTO dns_customer_minute (minute_start, customer, answer, pop, node, decisions)
SELECT minute_start, customer, answer, pop, node, SUM(decisions) FROM dns_minute
GROUP BY minute_start, customer, answer, pop, node;
