-- The PostgreSQL settings the benchmarks are run with: what a production deployment of Renkei on this
-- machine size (2 cores, 24 GiB, SSD) would set, after pgtune's OLTP profile, instead of the packaged
-- defaults (shared_buffers 128MB, max_wal_size 1GB), which are sized for a laptop. bench/run.ts prints
-- the values in force with every result. Apply with bench/tune-postgres.sh (needs a restart).
alter system set shared_buffers = '6GB';
alter system set effective_cache_size = '18GB';
alter system set maintenance_work_mem = '1GB';
alter system set wal_buffers = '16MB';
alter system set min_wal_size = '2GB';
alter system set max_wal_size = '8GB';
alter system set checkpoint_timeout = '15min';
alter system set checkpoint_completion_target = 0.9;
alter system set random_page_cost = 1.1;
alter system set effective_io_concurrency = 200;
