-- One property's (or GTM hostname's) minutes are read with its customer named too (the portal scopes
-- every query by customer; an operator's pick of a property is scoped to its owner). With V5's
-- (property, minute_start) beside V1's (customer, minute_start), H2's planner took the customer's index
-- (both match one column and a range) and read every property of the customer for the day: 86,000 rows
-- for one property of a customer with 20. Leading with both columns makes this index the one that
-- matches most, on H2 and PostgreSQL alike.
DROP INDEX edge_minute_property;
CREATE INDEX edge_minute_property ON edge_minute (customer, property, minute_start);
DROP INDEX dns_minute_hostname;
CREATE INDEX dns_minute_hostname ON dns_minute (customer, hostname, minute_start);
