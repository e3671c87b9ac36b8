-- claro migration: last-affected-version
-- OSV `last_affected`: an inclusive upper bound, for feeds that name no fix.
ALTER TABLE advisories ADD COLUMN last_affected_version TEXT;
