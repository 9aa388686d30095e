-- Runs once, on MySQL's first start (an empty mysql-data volume), as root.
-- Before it, the mysql image itself has created Settle's database and user from
-- MYSQL_DATABASE / MYSQL_USER / MYSQL_PASSWORD (compose.yaml: `settle`, with ALL on
-- settle.*). This file creates the two databases the Temporal server uses; their user
-- comes next, in 02-temporal-user.sh, because its password is a secret from docker/.env.
-- MySQL 8's default character set is utf8mb4; it is spelled out for Temporal as its
-- own temporal-sql-tool does.

-- Temporal's persistence and visibility stores (names are Temporal's defaults: DBNAME,
-- VISIBILITY_DBNAME). The schema inside them is created and migrated by the
-- temporal-schema service (docker/temporal/setup-schema.sh), on every start.
CREATE DATABASE IF NOT EXISTS `temporal` CHARACTER SET utf8mb4;
CREATE DATABASE IF NOT EXISTS `temporal_visibility` CHARACTER SET utf8mb4;
