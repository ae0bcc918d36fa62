"""A team library's members, roles and row-level security on PostgreSQL (appended to ``pg_schema``'s script).

The server, not the desktop, decides who sees what: every member logs in with their own role and the
policies below filter each statement, so a member typing SQL by hand sees what Lectern shows them and
no more. ``FORCE ROW LEVEL SECURITY`` holds the table owner's own sessions to the same rules (a
superuser still bypasses them: the throwaway test server's superuser runs the engine-neutral tests).

- Articles, tags and claims belong to the team: any member reads and writes them.
- A highlight is ``team`` or ``private``; a private one (with its tag links, its note and its claim links)
  is seen by its creator alone, team admins included. Its content (colour, note, style, visibility,
  article) is changed only by its creator or a team admin: a trigger says so in one line, and keeps
  ``creator`` as it was and ``modified_by`` current. Re-anchoring (a new version of the text) is a team
  action: any member who sees a highlight may move it.
- A tag no visible highlight carries is dropped by the store's clean-up; ``tags.private_uses`` (kept by
  triggers) stops that from dropping a tag only others' private highlights carry.
- Reading positions and saved searches are each member's own (``owner``); ``library_state`` is read by
  all and written by admins. The change feed (``changes``) is read by all: it carries only ids.

The group roles are per database (role names are cluster-wide) and live in ``team_roles``, filled by
``team_admin.initialise`` after this script ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotations.errors import InvalidSelection, LecternError

TEAM_SQL = """
    CREATE TABLE team_roles (
        only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
        member_role TEXT COLLATE "C" NOT NULL,
        admin_role TEXT COLLATE "C" NOT NULL
    );
    CREATE FUNCTION lectern_is_admin() RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM team_roles r WHERE pg_has_role(current_user, r.admin_role, 'MEMBER'))
    $$;
    -- highlights: who sees, who changes
    ALTER TABLE annotations ENABLE ROW LEVEL SECURITY;
    ALTER TABLE annotations FORCE ROW LEVEL SECURITY;
    CREATE POLICY annotations_read ON annotations FOR SELECT
        USING (visibility = 'team' OR creator = current_user);
    CREATE POLICY annotations_add ON annotations FOR INSERT
        WITH CHECK (creator = current_user OR (visibility = 'team' AND lectern_is_admin()));
    CREATE POLICY annotations_change ON annotations FOR UPDATE
        USING (visibility = 'team' OR creator = current_user)
        WITH CHECK (visibility = 'team' OR creator = current_user);
    CREATE POLICY annotations_delete ON annotations FOR DELETE
        USING ((visibility = 'team' OR creator = current_user) AND (creator = current_user OR lectern_is_admin()));
    CREATE FUNCTION lectern_annotation_written() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
        NEW.creator := OLD.creator;
        NEW.modified_by := current_user;
        IF OLD.creator <> current_user AND NOT lectern_is_admin()
           AND (NEW.color, NEW.note, NEW.style, NEW.visibility, NEW.document_id, NEW.uuid, NEW.created, NEW.modified)
               IS DISTINCT FROM
               (OLD.color, OLD.note, OLD.style, OLD.visibility, OLD.document_id, OLD.uuid, OLD.created, OLD.modified)
        THEN
            RAISE EXCEPTION 'only its creator (%) or a team admin can change this highlight', OLD.creator
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$;
    CREATE TRIGGER annotations_written BEFORE UPDATE ON annotations
        FOR EACH ROW EXECUTE FUNCTION lectern_annotation_written();
    -- a highlight's tag links and claim links go with its visibility
    ALTER TABLE tags ADD COLUMN private_uses BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE annotation_tags ADD COLUMN private BOOLEAN NOT NULL DEFAULT FALSE;
    ALTER TABLE annotation_tags ENABLE ROW LEVEL SECURITY;
    ALTER TABLE annotation_tags FORCE ROW LEVEL SECURITY;
    CREATE POLICY annotation_tags_seen ON annotation_tags
        USING (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id))
        WITH CHECK (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id));
    ALTER TABLE claim_links ENABLE ROW LEVEL SECURITY;
    ALTER TABLE claim_links FORCE ROW LEVEL SECURITY;
    CREATE POLICY claim_links_seen ON claim_links
        USING (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id))
        WITH CHECK (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id));
    CREATE FUNCTION lectern_tag_link_marked() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
        NEW.private := coalesce((SELECT a.visibility = 'private' FROM annotations a WHERE a.id = NEW.annotation_id),
                                FALSE);
        RETURN NEW;
    END $$;
    CREATE TRIGGER annotation_tags_marked BEFORE INSERT OR UPDATE ON annotation_tags
        FOR EACH ROW EXECUTE FUNCTION lectern_tag_link_marked();
    CREATE FUNCTION lectern_tag_link_counted() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.private THEN
            UPDATE tags SET private_uses = private_uses - 1 WHERE id = OLD.tag_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.private THEN
            UPDATE tags SET private_uses = private_uses + 1 WHERE id = NEW.tag_id;
        END IF;
        RETURN NULL;
    END $$;
    CREATE TRIGGER annotation_tags_counted AFTER INSERT OR UPDATE OR DELETE ON annotation_tags
        FOR EACH ROW EXECUTE FUNCTION lectern_tag_link_counted();
    CREATE FUNCTION lectern_visibility_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE annotation_tags SET private = (NEW.visibility = 'private') WHERE annotation_id = NEW.id;
        RETURN NULL;
    END $$;
    CREATE TRIGGER annotations_visibility_changed AFTER UPDATE OF visibility ON annotations
        FOR EACH ROW WHEN (NEW.visibility IS DISTINCT FROM OLD.visibility)
        EXECUTE FUNCTION lectern_visibility_changed();
    ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
    ALTER TABLE tags FORCE ROW LEVEL SECURITY;
    CREATE POLICY tags_read ON tags FOR SELECT USING (TRUE);
    CREATE POLICY tags_add ON tags FOR INSERT WITH CHECK (TRUE);
    CREATE POLICY tags_change ON tags FOR UPDATE USING (TRUE);
    CREATE POLICY tags_delete ON tags FOR DELETE USING (private_uses = 0);
    -- each member's own rows
    ALTER TABLE reading_positions ADD COLUMN owner TEXT COLLATE "C" NOT NULL DEFAULT current_user;
    ALTER TABLE reading_positions DROP CONSTRAINT reading_positions_pkey;
    ALTER TABLE reading_positions ADD PRIMARY KEY (owner, document_id);
    ALTER TABLE saved_searches ADD COLUMN owner TEXT COLLATE "C" NOT NULL DEFAULT current_user;
    ALTER TABLE saved_searches DROP CONSTRAINT saved_searches_name_key;
    ALTER TABLE saved_searches ADD UNIQUE (owner, name);
    ALTER TABLE saved_search_seen ADD COLUMN owner TEXT COLLATE "C" NOT NULL DEFAULT current_user;
    ALTER TABLE reading_positions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE reading_positions FORCE ROW LEVEL SECURITY;
    CREATE POLICY reading_positions_own ON reading_positions USING (owner = current_user);
    ALTER TABLE saved_searches ENABLE ROW LEVEL SECURITY;
    ALTER TABLE saved_searches FORCE ROW LEVEL SECURITY;
    CREATE POLICY saved_searches_own ON saved_searches USING (owner = current_user);
    ALTER TABLE saved_search_seen ENABLE ROW LEVEL SECURITY;
    ALTER TABLE saved_search_seen FORCE ROW LEVEL SECURITY;
    CREATE POLICY saved_search_seen_own ON saved_search_seen USING (owner = current_user);
    -- the library's settings: read by all, written by admins
    ALTER TABLE library_state ENABLE ROW LEVEL SECURITY;
    ALTER TABLE library_state FORCE ROW LEVEL SECURITY;
    CREATE POLICY library_state_read ON library_state FOR SELECT USING (TRUE);
    CREATE POLICY library_state_add ON library_state FOR INSERT WITH CHECK (lectern_is_admin());
    CREATE POLICY library_state_change ON library_state FOR UPDATE USING (lectern_is_admin());
    CREATE POLICY library_state_delete ON library_state FOR DELETE USING (lectern_is_admin());
"""

VISIBILITIES = ("team", "private")


def check_visibility(visibility: str) -> None:
    """A highlight is seen by the whole team or by its creator alone."""
    if visibility not in VISIBILITIES:
        raise InvalidSelection(f"unknown visibility “{visibility}” (choose team or private)")


def check_may_change(connection: Any, annotation_ids: Iterable[int]) -> None:
    """Raise a one-line LecternError before writing to a highlight this member may not change.

    The server refuses anyway (the trigger above); asking first gives the store the plain message
    instead of a failed statement. Nothing to check in a SQLite library: it has one user."""
    if getattr(connection, "engine", "sqlite") != "postgresql":
        return
    for annotation_id in annotation_ids:
        row = connection.execute(
            "SELECT creator, creator = current_user OR lectern_is_admin() FROM annotations WHERE id = ?",
            (annotation_id,),
        ).fetchone()
        if row is not None and not row[1]:
            raise LecternError(f"only its creator ({row[0]}) or a team admin can change this highlight")
