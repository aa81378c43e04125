-- PostgreSQL only (Database adds this location for it; H2 has no such storage parameter and needs none).
-- Ingest adds every minute's counts to the hour rows it falls in, so each hour row is rewritten about 60
-- times per node before its hour is over. With full pages PostgreSQL writes each new version on another
-- page and adds it to all three of the table's indexes; with half of each page left free the new version
-- stays on its page (a HOT update: no index is touched, the old version is pruned at the next visit).
-- That cut the CPU of ingest by about a quarter (perf/README.md). The cost is space: finished hours keep
-- their pages half empty, about 15% more than the minute and hour rows take together at full pages.
ALTER TABLE edge_hour SET (fillfactor = 50);
ALTER TABLE dns_hour SET (fillfactor = 50);
