-- Per-organisation audit chains keyed by a secret the database never holds (docs/adr/0006).
-- The application signs each row (HMAC-SHA-256 with a key derived from SECRET_KEY) over its fields, its
-- place in its chain and the signature of the row before it. The database keeps the order: a row is
-- accepted only as the next one of its chain, under that chain's head row lock.

-- Close the old single chain as "legacy": nothing more is added to it, and every organisation's chain
-- starts from its last hash, so removing its newest rows breaks the first link of every newer chain.
LOCK TABLE audit_events IN EXCLUSIVE MODE;
--> statement-breakpoint
DROP TRIGGER audit_events_chain ON audit_events;
--> statement-breakpoint
DROP FUNCTION mapwell_audit_chain();
--> statement-breakpoint
INSERT INTO audit_chains (chain_id, organisation_id, first_prev_hash, last_sequence, last_hash)
  SELECT coalesce(chain.organisation_id, '00000000-0000-0000-0000-000000000000'::uuid), chain.organisation_id, legacy.hash, 0, legacy.hash
    FROM (SELECT coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), repeat('0', 64)) AS hash) legacy
   CROSS JOIN (SELECT id AS organisation_id FROM organisations UNION ALL SELECT NULL) chain;
--> statement-breakpoint

ALTER TABLE audit_chains ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_chains_read ON audit_chains FOR SELECT USING (organisation_id = mapwell_current_organisation());
--> statement-breakpoint

-- The head of one chain, locked until the transaction ends: the next event's place, the signature it
-- must link to, and its time. A chain for an organisation created later starts where the others did.
CREATE FUNCTION mapwell_audit_chain_head(for_organisation uuid)
  RETURNS TABLE (next_sequence bigint, prev_hash text, occurred_at text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  chain uuid := coalesce(for_organisation, '00000000-0000-0000-0000-000000000000'::uuid);
BEGIN
  IF for_organisation IS NOT NULL AND for_organisation IS DISTINCT FROM mapwell_current_organisation() THEN
    RAISE EXCEPTION 'audit events may only be added to the current organisation''s chain';
  END IF;
  RETURN QUERY SELECT h.last_sequence + 1, h.last_hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    FROM audit_chains h WHERE h.chain_id = chain FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO audit_chains (chain_id, organisation_id, first_prev_hash, last_sequence, last_hash)
      SELECT chain, for_organisation, start.hash, 0, start.hash
        FROM (SELECT coalesce((SELECT s.first_prev_hash FROM audit_chains s WHERE s.chain_id = '00000000-0000-0000-0000-000000000000'::uuid), repeat('0', 64)) AS hash) start
      ON CONFLICT (chain_id) DO NOTHING;
    RETURN QUERY SELECT h.last_sequence + 1, h.last_hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
      FROM audit_chains h WHERE h.chain_id = chain FOR UPDATE;
  END IF;
END $$;
--> statement-breakpoint

-- Every new row must be the next of its chain and carry a signature; the head moves on with it.
-- The database cannot check the signature (it never has the key): npm run audit:verify does.
CREATE FUNCTION mapwell_audit_link() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NEW.hash IS NULL OR NEW.hash !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'an audit event must carry its signature';
  END IF;
  IF NEW.occurred_at IS NULL OR NEW.occurred_at > clock_timestamp() THEN
    RAISE EXCEPTION 'an audit event must carry the time its chain head was taken';
  END IF;
  -- One statement checks the place and moves the head on, under the head's row lock.
  UPDATE audit_chains SET last_sequence = NEW.chain_sequence, last_hash = NEW.hash
   WHERE chain_id = coalesce(NEW.organisation_id, '00000000-0000-0000-0000-000000000000'::uuid)
     AND last_sequence = NEW.chain_sequence - 1 AND last_hash = NEW.prev_hash;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'an audit event must follow the newest event of its chain';
  END IF;
  NEW.id := nextval('audit_events_id_seq');
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_link BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION mapwell_audit_link();
