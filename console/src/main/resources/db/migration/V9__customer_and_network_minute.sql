-- Rollups ingest keeps beside the per-property and per-hostname minutes, in the same transaction (so
-- each is exactly the sum of the rows it stands for), for the views that sum over many of them:
--   dns_customer_minute: the GTM's decisions per customer, answer, POP and GTM node (all of a customer's
--     hostnames and client blocks in one row);
--   network_minute: every customer's requests and bytes per POP (the operator's all-customer views);
--   dns_network_minute: every customer's decisions per answer, POP and GTM node.
-- A view then reads a row per minute and POP (and customer, or answer) instead of one per property or
-- per hostname and client block: the operator's views cost the same for 1,000 customers as for one.
-- The GTM node is in the DNS keys because every GTM answers for every customer: two GTMs' ingests must
-- never write the same row (an edge node is its POP).
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

CREATE TABLE network_minute (
    minute_start      TIMESTAMP WITH TIME ZONE NOT NULL,
    pop               VARCHAR(63) NOT NULL,
    requests          BIGINT NOT NULL DEFAULT 0,
    bytes_to_clients  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (pop, minute_start)
);
CREATE INDEX network_minute_minute ON network_minute (minute_start);

CREATE TABLE dns_network_minute (
    minute_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    answer        VARCHAR(45) NOT NULL,
    pop           VARCHAR(63) NOT NULL,
    node          VARCHAR(63) NOT NULL,
    decisions     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (node, minute_start, answer, pop)
);
CREATE INDEX dns_network_minute_minute ON dns_network_minute (minute_start);

INSERT INTO dns_customer_minute (minute_start, customer, answer, pop, node, decisions)
SELECT minute_start, customer, answer, pop, node, SUM(decisions) FROM dns_minute
GROUP BY minute_start, customer, answer, pop, node;
INSERT INTO network_minute (minute_start, pop, requests, bytes_to_clients)
SELECT minute_start, pop, SUM(requests), SUM(bytes_to_clients) FROM customer_minute GROUP BY minute_start, pop;
INSERT INTO dns_network_minute (minute_start, answer, pop, node, decisions)
SELECT minute_start, answer, pop, node, SUM(decisions) FROM dns_minute GROUP BY minute_start, answer, pop, node;
