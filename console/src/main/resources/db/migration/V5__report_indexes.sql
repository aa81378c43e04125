-- Indexes for the portal's traffic pages (console.report). One property's last 24 h: the primary keys
-- lead with (property, pop, ...) or (hostname, answer, client_block, node, ...), so without these a
-- property's minutes would be found by scanning every minute it has in retention (35 days and more)
-- for the last day's. The customer-wide and network-wide reads use V1's (customer, minute_start) and
-- (minute_start) indexes.
CREATE INDEX edge_minute_property ON edge_minute (property, minute_start);
CREATE INDEX dns_minute_hostname ON dns_minute (hostname, minute_start);
