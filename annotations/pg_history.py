"""The history of a team library's highlights on PostgreSQL (appended to ``pg_schema``'s script).

Two members may edit one highlight: each save writes only the fields it changed, so the last writer wins
per field, and the server keeps what each write replaced in ``annotation_history`` (who, when, the old and
the new value), written by triggers so that no client, and no hand-written SQL, can change a highlight
without leaving its trace.

- A field of ``annotations`` (colour, style, note, visibility; start, end and exact when re-anchored): one
  row per changed field, by an AFTER UPDATE trigger running as the member (``changed_by`` is
  ``current_user``).
- Tags: the store rewrites a highlight's tags as a delete and re-inserts, so a row per tag would be noise.
  The first touch of a highlight's tags in a transaction keeps its tag list then
  (``annotation_tags_before``, emptied again at commit); a deferred trigger compares it at commit with the
  list now and writes one "tags" row when they differ. A highlight made in the same transaction is marked
  there first, so the tags it was made with are no change.
- Deleting a highlight writes a "deleted" row (the quote as the old value). History rows outlive their
  highlight, so undoing a deletion (which brings the same id back, with a "restored" row) brings its
  history back into view; while it is gone the rows are visible to no member (the policy below), only
  to the server's administrator. A highlight deleted with its article (a cascade) gets no "deleted" row: the article's deletion says it.

Reading: a history row is visible exactly when its highlight is (the policy's ``EXISTS`` runs under the
highlight table's own row-level security); a member may add rows only in their own name, for a
highlight they can see, and no one may change or remove a row (no policy allows it). Members need SELECT and INSERT on ``annotation_history`` and SELECT, INSERT and
DELETE on ``annotation_tags_before`` (rows live only inside the writing transaction).

``lectern_highlights_by_creator(document)`` answers "who would lose work if this article went": counts per
creator, private ones included, and nothing else. The counts live in ``annotation_counts``, kept by
SECURITY DEFINER triggers that read only the changed row, so they are right whatever a member may see;
the table has row-level security without a policy (members, whatever their grants, read and change none of
it; not forced, so its owner's functions are not held), and members call the function, which pins its
``search_path``.
"""

from __future__ import annotations

HISTORY_SQL = """
    -- The history of every highlight's fields (annotations/pg_history.py)
    CREATE TABLE annotation_history (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        annotation_id BIGINT NOT NULL,
        field TEXT COLLATE "C" NOT NULL,
        old_value TEXT COLLATE "C",
        new_value TEXT COLLATE "C",
        changed_by TEXT COLLATE "C" NOT NULL DEFAULT current_user,
        changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX annotation_history_by_annotation ON annotation_history (annotation_id, id);
    ALTER TABLE annotation_history ENABLE ROW LEVEL SECURITY;
    ALTER TABLE annotation_history FORCE ROW LEVEL SECURITY;
    CREATE POLICY history_visible_with_its_highlight ON annotation_history FOR SELECT
        USING (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id));
    CREATE POLICY history_written_in_own_name ON annotation_history FOR INSERT
        WITH CHECK (changed_by = current_user AND EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id));
    CREATE UNLOGGED TABLE annotation_tags_before (
        tx XID8 NOT NULL DEFAULT pg_current_xact_id(),
        annotation_id BIGINT NOT NULL,
        tags TEXT COLLATE "C",  -- NULL: the highlight was made in this transaction
        PRIMARY KEY (tx, annotation_id)
    );
    CREATE FUNCTION lectern_tag_list(highlight BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
        SELECT coalesce(string_agg(t.name, ', ' ORDER BY t.name), '')
        FROM annotation_tags at JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id = highlight
    $$;
    CREATE FUNCTION lectern_history_fields() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO annotation_history (annotation_id, field, old_value, new_value)
        SELECT NEW.id, changed.field, changed.old_value, changed.new_value
        FROM (VALUES
            (1, 'color', OLD.color, NEW.color),
            (2, 'style', OLD.style, NEW.style),
            (3, 'note', OLD.note, NEW.note),
            (4, 'visibility', OLD.visibility, NEW.visibility),
            (5, 'start', OLD.start::TEXT, NEW.start::TEXT),
            (6, 'end', OLD."end"::TEXT, NEW."end"::TEXT),
            (7, 'exact', OLD.exact, NEW.exact)
        ) AS changed (position, field, old_value, new_value)
        WHERE changed.old_value IS DISTINCT FROM changed.new_value
        ORDER BY changed.position;
        RETURN NULL;
    END $$;
    CREATE FUNCTION lectern_history_deleted() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
        IF pg_trigger_depth() = 1 THEN  -- deleted itself, not with its article
            INSERT INTO annotation_history (annotation_id, field, old_value, new_value)
                VALUES (OLD.id, 'deleted', OLD.exact, NULL);
        END IF;
        RETURN OLD;
    END $$;
    CREATE FUNCTION lectern_history_made() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO annotation_tags_before (annotation_id, tags) VALUES (NEW.id, NULL) ON CONFLICT DO NOTHING;
        IF EXISTS (SELECT 1 FROM annotation_history WHERE annotation_id = NEW.id) THEN  -- an undone deletion
            INSERT INTO annotation_history (annotation_id, field, old_value, new_value)
                VALUES (NEW.id, 'restored', NULL, NEW.exact);
        END IF;
        RETURN NULL;
    END $$;
    CREATE FUNCTION lectern_history_tags_touched() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    DECLARE
        highlight BIGINT;
    BEGIN
        IF TG_OP = 'DELETE' THEN highlight := OLD.annotation_id; ELSE highlight := NEW.annotation_id; END IF;
        -- before the first change of this transaction to its tags: the list as it was
        IF NOT EXISTS (SELECT 1 FROM annotation_tags_before WHERE tx = pg_current_xact_id() AND annotation_id = highlight)
        THEN
            INSERT INTO annotation_tags_before (annotation_id, tags) VALUES (highlight, lectern_tag_list(highlight));
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$;
    CREATE FUNCTION lectern_history_tags_settled() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    DECLARE
        highlight BIGINT;
        before TEXT;
        found_one BOOLEAN;
        after TEXT;
    BEGIN
        IF TG_OP = 'DELETE' THEN highlight := OLD.annotation_id; ELSE highlight := NEW.annotation_id; END IF;
        DELETE FROM annotation_tags_before WHERE tx = pg_current_xact_id() AND annotation_id = highlight
            RETURNING tags INTO before;
        found_one := FOUND;
        IF NOT found_one OR before IS NULL OR NOT EXISTS (SELECT 1 FROM annotations WHERE id = highlight) THEN
            RETURN NULL;  -- settled already, made in this transaction, or deleted
        END IF;
        after := lectern_tag_list(highlight);
        IF after IS DISTINCT FROM before THEN
            INSERT INTO annotation_history (annotation_id, field, old_value, new_value)
                VALUES (highlight, 'tags', before, after);
        END IF;
        RETURN NULL;
    END $$;
    CREATE FUNCTION lectern_history_made_settled() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM annotation_tags_before WHERE tx = pg_current_xact_id() AND annotation_id = NEW.id;
        RETURN NULL;
    END $$;
    CREATE TRIGGER annotations_history AFTER UPDATE ON annotations
        FOR EACH ROW EXECUTE FUNCTION lectern_history_fields();
    CREATE TRIGGER annotations_history_deleted BEFORE DELETE ON annotations
        FOR EACH ROW EXECUTE FUNCTION lectern_history_deleted();
    CREATE TRIGGER annotations_history_made AFTER INSERT ON annotations
        FOR EACH ROW EXECUTE FUNCTION lectern_history_made();
    CREATE TRIGGER annotation_tags_history BEFORE INSERT OR DELETE ON annotation_tags
        FOR EACH ROW EXECUTE FUNCTION lectern_history_tags_touched();
    CREATE CONSTRAINT TRIGGER annotation_tags_history_settled AFTER INSERT OR DELETE ON annotation_tags
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lectern_history_tags_settled();
    CREATE CONSTRAINT TRIGGER annotations_history_made_settled AFTER INSERT ON annotations
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lectern_history_made_settled();
    -- Highlights per article, creator and visibility: what deleting an article would take from whom
    CREATE TABLE annotation_counts (
        document_id BIGINT NOT NULL,
        creator TEXT COLLATE "C" NOT NULL,
        visibility TEXT COLLATE "C" NOT NULL,
        highlights BIGINT NOT NULL,
        PRIMARY KEY (document_id, creator, visibility)
    );
    CREATE FUNCTION lectern_count_highlights() RETURNS TRIGGER LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE annotation_counts SET highlights = highlights - 1
                WHERE document_id = OLD.document_id AND creator = OLD.creator AND visibility = OLD.visibility;
            DELETE FROM annotation_counts
                WHERE document_id = OLD.document_id AND creator = OLD.creator AND visibility = OLD.visibility
                AND highlights <= 0;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO annotation_counts AS c (document_id, creator, visibility, highlights)
                VALUES (NEW.document_id, NEW.creator, NEW.visibility, 1)
                ON CONFLICT (document_id, creator, visibility) DO UPDATE SET highlights = c.highlights + 1;
        END IF;
        RETURN NULL;
    END $$;
    CREATE TRIGGER annotations_counted AFTER INSERT OR DELETE ON annotations
        FOR EACH ROW EXECUTE FUNCTION lectern_count_highlights();
    CREATE TRIGGER annotations_recounted AFTER UPDATE OF document_id, creator, visibility ON annotations
        FOR EACH ROW
        WHEN (OLD.document_id IS DISTINCT FROM NEW.document_id OR OLD.creator IS DISTINCT FROM NEW.creator
              OR OLD.visibility IS DISTINCT FROM NEW.visibility)
        EXECUTE FUNCTION lectern_count_highlights();
    -- no policy: members (who may hold table grants) see and change nothing; the owner's functions are not held
    ALTER TABLE annotation_counts ENABLE ROW LEVEL SECURITY;
    REVOKE ALL ON annotation_counts FROM PUBLIC;
    CREATE FUNCTION lectern_highlights_by_creator(document BIGINT)
        RETURNS TABLE (creator TEXT, highlights BIGINT, private BIGINT)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT c.creator, sum(c.highlights)::BIGINT, coalesce(sum(c.highlights) FILTER (WHERE c.visibility = 'private'), 0)::BIGINT
        FROM annotation_counts c WHERE c.document_id = document AND c.highlights > 0
        GROUP BY c.creator ORDER BY 2 DESC, 1
    $$;
"""
