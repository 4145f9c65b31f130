-- Typo-tolerant name search that can use the trigram index. Under row-level security PostgreSQL will not
-- use an index for an operator that is not leakproof (as pg_trgm's are not), so a name search scanned
-- every person. This function does the indexed search as the owner, limited explicitly to the calling
-- transaction's organisation (the same setting the row-level security policies use), and returns only
-- ids and scores. Visibility by relationship is still applied by the caller.
CREATE FUNCTION mapwell_people_matching_name(search text)
  RETURNS TABLE (person_id uuid, family_id uuid, score real)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  SET pg_trgm.word_similarity_threshold = 0.45
  AS $$
    SELECT id, people.family_id, word_similarity(lower(search), lower(given_name || ' ' || people.family_name || coalesce(' ' || known_as, '')))
      FROM people
     WHERE organisation_id = mapwell_current_organisation()
       AND lower(search) <% lower(given_name || ' ' || people.family_name || coalesce(' ' || known_as, ''))
  $$;
