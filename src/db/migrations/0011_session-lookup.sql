-- Loading a session and the person it belongs to in one round trip, before the organisation is known.
-- Only someone holding the session token (whose hash is the argument) can get anything back.
CREATE FUNCTION mapwell_load_session(candidate_hash text)
  RETURNS TABLE (session_id uuid, stage text, user_id uuid, organisation_id uuid, return_to text, last_active_at timestamptz,
                 absolute_expires_at timestamptz, organisation_name text, display_name text, email text, role text,
                 team_id uuid, agency_id uuid, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT s.id, s.stage, s.user_id, s.organisation_id, s.return_to, s.last_active_at, s.absolute_expires_at,
           o.name, u.display_name, u.email, u.role, u.team_id, u.agency_id, u.status
      FROM sessions s
      JOIN users u ON u.id = s.user_id AND u.organisation_id = s.organisation_id
      JOIN organisations o ON o.id = s.organisation_id
     WHERE s.token_hash = candidate_hash
  $$;
