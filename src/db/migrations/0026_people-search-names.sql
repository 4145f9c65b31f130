-- Name search that costs what the number of different names costs, not the number of people.
-- 0010's search ran the trigram index over people: every person whose name matched was fetched from
-- the table and compared again (word_similarity is not exact in the index), so a misspelt common
-- surname compared thousands of rows one by one. Many people share a name, and the score depends on
-- the name alone, so the comparison now runs over each organisation's distinct names (person_names,
-- kept by triggers on people), and the people with a matching name are then read straight from an
-- index that holds their family (no table visit). What matches, and its score, are exactly as before.
ALTER TABLE people ADD COLUMN search_name text GENERATED ALWAYS AS (lower(given_name || ' ' || family_name || coalesce(' ' || known_as, ''))) STORED;
--> statement-breakpoint
CREATE INDEX people_search_name ON people USING btree (organisation_id, search_name) INCLUDE (family_id, id);
--> statement-breakpoint
DROP INDEX people_name_trigram;
--> statement-breakpoint
-- Every name in use in an organisation, with how many people have it. Only the owner's functions below
-- read or change it: the application role has no privileges on it.
CREATE TABLE person_names (
	organisation_id uuid NOT NULL REFERENCES organisations(id),
	search_name text NOT NULL,
	people integer NOT NULL,
	CONSTRAINT person_names_pkey PRIMARY KEY (organisation_id, search_name),
	CONSTRAINT person_names_people CHECK (people >= 0)
);
--> statement-breakpoint
ALTER TABLE person_names ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_names_organisation ON person_names USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
INSERT INTO person_names (organisation_id, search_name, people) SELECT organisation_id, search_name, count(*) FROM people GROUP BY organisation_id, search_name;
--> statement-breakpoint
CREATE INDEX person_names_trigram ON person_names USING gin (search_name gin_trgm_ops);
--> statement-breakpoint
-- Keeps person_names in step with people, once a statement, from its changed rows (for an update,
-- only the people whose name changed). Counts move under the name's row lock, so concurrent changes
-- add up; a name nobody has any more is removed at once (an insert of it meanwhile waits on the lock,
-- then adds it afresh).
CREATE FUNCTION mapwell_person_names_follow() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  -- Each name's change in count (people here is the change: negative for names people no longer have).
  changes person_names[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- The common case, straight from the new rows.
    INSERT INTO person_names (organisation_id, search_name, people)
      SELECT organisation_id, search_name, count(*) FROM new_people GROUP BY organisation_id, search_name ORDER BY organisation_id, search_name
      ON CONFLICT (organisation_id, search_name) DO UPDATE SET people = person_names.people + excluded.people;
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    changes := ARRAY(SELECT ROW(organisation_id, search_name, -count(*))::person_names FROM old_people GROUP BY organisation_id, search_name);
  ELSE
    changes := ARRAY(
      SELECT ROW(o.organisation_id, o.search_name, -count(*))::person_names FROM old_people o JOIN new_people n ON n.id = o.id
       WHERE n.search_name IS DISTINCT FROM o.search_name OR n.organisation_id <> o.organisation_id GROUP BY o.organisation_id, o.search_name
      UNION ALL
      SELECT ROW(n.organisation_id, n.search_name, count(*))::person_names FROM new_people n JOIN old_people o ON o.id = n.id
       WHERE n.search_name IS DISTINCT FROM o.search_name OR n.organisation_id <> o.organisation_id GROUP BY n.organisation_id, n.search_name);
  END IF;
  UPDATE person_names names SET people = names.people + change.people
    FROM unnest(changes) change WHERE change.people < 0 AND names.organisation_id = change.organisation_id AND names.search_name = change.search_name;
  DELETE FROM person_names names USING unnest(changes) change
   WHERE change.people < 0 AND names.people = 0 AND names.organisation_id = change.organisation_id AND names.search_name = change.search_name;
  INSERT INTO person_names (organisation_id, search_name, people)
    SELECT change.organisation_id, change.search_name, change.people FROM unnest(changes) change WHERE change.people > 0 ORDER BY 1, 2
    ON CONFLICT (organisation_id, search_name) DO UPDATE SET people = person_names.people + excluded.people;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER people_names_inserted AFTER INSERT ON people REFERENCING NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION mapwell_person_names_follow();
--> statement-breakpoint
CREATE TRIGGER people_names_updated AFTER UPDATE ON people REFERENCING OLD TABLE AS old_people NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION mapwell_person_names_follow();
--> statement-breakpoint
CREATE TRIGGER people_names_deleted AFTER DELETE ON people REFERENCING OLD TABLE AS old_people FOR EACH STATEMENT EXECUTE FUNCTION mapwell_person_names_follow();
--> statement-breakpoint
-- The same matches and scores as 0010's: each distinct name is compared once (MATERIALIZED keeps the
-- score from being worked out again for every person who has the name), then its people are read
-- from people_search_name.
CREATE OR REPLACE FUNCTION mapwell_people_matching_name(search text)
  RETURNS TABLE (person_id uuid, family_id uuid, score real)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  SET pg_trgm.word_similarity_threshold = 0.45
  AS $$
    WITH names AS MATERIALIZED (
      SELECT search_name, word_similarity(lower(search), search_name) AS score
        FROM person_names
       WHERE organisation_id = mapwell_current_organisation() AND lower(search) <% search_name
    )
    SELECT people.id, people.family_id, names.score
      FROM names JOIN people ON people.organisation_id = mapwell_current_organisation() AND people.search_name = names.search_name
  $$;
