"""The database schema in SQLAlchemy Core: one definition for SQLite and PostgreSQL.

Dates are stored as ISO text ('YYYY-MM-DD'), which sorts correctly in both databases
and keeps the precision-coded intervals exact; structured lists are JSON text. An
event's actors are a JSON list of ``[name, role, party, inter]`` in its own row: one row
per event keeps bulk imports fast, and the actor filter matches on that text.
Migrations in ``migrations/versions`` create exactly this schema; a test compares them.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()
SEQ = BigInteger().with_variant(Integer(), "sqlite")

events = Table(
    "events",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("dataset", String(32)),
    Column("external_id", String(128)),
    Column("type_code", String(64), nullable=False),
    Column("family", String(32), nullable=False),
    Column("acled_event_type", String(64)),
    Column("acled_sub_event_type", String(64)),
    Column("disorder_type", String(64)),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("span_days", Integer, nullable=False, server_default="0"),
    Column("time_precision", String(8), nullable=False),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", String(12), nullable=False),
    Column("radius_m", Float),
    Column("geometry", Text),
    Column("country", String(128)),
    Column("iso", Integer),
    Column("region", String(128)),
    Column("admin1", String(128)),
    Column("admin2", String(128)),
    Column("admin3", String(128)),
    Column("killed_low", Integer),
    Column("killed_best", Integer),
    Column("killed_high", Integer),
    Column("killed_civilian", Integer),
    Column("killed_military", Integer),
    Column("wounded_low", Integer),
    Column("wounded_best", Integer),
    Column("wounded_high", Integer),
    Column("wounded_civilian", Integer),
    Column("wounded_military", Integer),
    Column("actors", Text),
    Column("status", String(16), nullable=False),
    Column("civilian_targeting", Boolean, nullable=False, server_default="0"),
    Column("cfv", Text),
    Column("notes", Text),
    Column("sources", Text),
    Column("source_scale", String(128)),
    Column("tags", Text),
    Column("extra", Text),
)
# One index serves both the map query (date range, then lon/lat read from the index) and
# the monthly counts by type (a scan of the index alone): a second index would cost every
# insert more than it saves those counts.
Index(
    "ix_events_date_place_type", events.c.date_start, events.c.lon, events.c.lat, events.c.type_code
)
Index("ix_events_span", events.c.span_days)
# The published events alone (model.access.PUBLISHED_EVENTS: what the public sees), in id
# order with their place and dates: the public map reads only these rows, and an import of
# unverified events adds nothing to it. A query uses it only when its WHERE clause holds
# this very term (store/events.py, PUBLISHED_TERM).
PUBLISHED_WHERE = "status IN ('corroborated', 'verified')"
Index(
    "ix_events_published",
    events.c.id,
    events.c.lon,
    events.c.lat,
    events.c.date_start,
    events.c.date_end,
    sqlite_where=text(PUBLISHED_WHERE),
    postgresql_where=text(PUBLISHED_WHERE),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("source_text", Text, nullable=False),  # the agreement file as loaded
    Column("loaded_at", String(32), nullable=False),
)

gazetteers = Table(
    "gazetteers",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("file", Text, nullable=False),  # the file it was loaded from, as given
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),  # the file's text: a CSV or a GeoNames dump
    Column("places", Integer, nullable=False),
    Column("loaded_at", String(32), nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("affiliation", String(64)),
    Column("reliability", String(1), nullable=False),
    Column("parent", String(64)),
    Column("scale", String(64)),
    Column("protected", Boolean, nullable=False, server_default="0"),
    Column("illustrative", Boolean, nullable=False, server_default="0"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source_id", String(64)),
    Column("published", String(32)),
    Column("language", String(16)),
    Column("title", Text),
    Column("url", Text),
    Column("text", Text, nullable=False),
    Column("illustrative", Boolean, nullable=False, server_default="0"),
)
Index("ix_documents_published", documents.c.published)
Index("ix_documents_source", documents.c.source_id)

# Where each document read from a file was read (its path, or a feed item's guid or link).
# Private: an id is published, this never is, and so it is kept out of the documents'
# rows and out of the ledger (whose bundles travel to the parties), as users are. A
# document whose id is itself a path (stored before ids were hashes, or a JSON Lines id
# chosen so) has a row here marked ``withheld``: its id is never shown below the analyst.
document_files = Table(
    "document_files",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("file", Text, nullable=False),
    Column("withheld", Boolean, nullable=False, server_default="0"),
)
Index("ix_document_files_withheld", document_files.c.withheld)

observations = Table(
    "observations",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("observer", String(64), nullable=False),
    Column("position", Text),  # the Place as JSON
    Column("start", String(32), nullable=False),
    Column("end", String(32), nullable=False),
    Column("type_code", String(64), nullable=False),
    Column("means", String(16), nullable=False),
    Column("cfv_kind", String(32)),
    Column("cfv_count", Integer),
    Column("weapon", String(64)),
    Column("bearing_deg", Float),
    Column("distance_min_km", Float),
    Column("distance_max_km", Float),
    Column("notes", Text),
    Column("event_id", String(128)),
    Column("illustrative", Boolean, nullable=False, server_default="0"),
)
Index("ix_observations_start", observations.c.start)
Index("ix_observations_observer", observations.c.observer)

# The source (a monitoring team) each observation post or patrol reports for: the
# observations of a post are withheld with its team when the team's source is protected.
posts = Table(
    "posts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("source", String(64), nullable=False),
)
Index("ix_observations_event", observations.c.event_id)

crossings = Table(
    "crossings",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("checkpoint", String(64), nullable=False),
    Column("time", String(32), nullable=False),
    Column("vehicle", String(64), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("declared", Text),  # cargo items as JSON
    Column("observed", Text),
    Column("escort", String(64)),
    Column("inspection", Text),
    Column("notes", Text),
    Column("illustrative", Boolean, nullable=False, server_default="0"),
)
Index("ix_crossings_time", crossings.c.time)

track_points = Table(
    "track_points",
    metadata,
    Column("vehicle", String(64), primary_key=True),
    Column("time", String(32), primary_key=True),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("speed_kmh", Float),
    Column("illustrative", Boolean, nullable=False, server_default="0"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("document_id", String(128), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type_code", String(64), nullable=False),
    Column("family", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("claimant", String(128)),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("date_precision", String(8), nullable=False),
    Column("places", Text, nullable=False),  # JSON list of places
    Column("actors", Text, nullable=False),  # JSON list of [name, role, party]
    Column("killed", Integer),
    Column("wounded", Integer),
    Column("quantities", Text, nullable=False),  # JSON list of [value, unit]
    Column("unresolved", Text, nullable=False),  # JSON list of reasons
    Column("confidence", Float, nullable=False),
    Column("credibility", Integer, nullable=False),
    Column("extractor", String(16), nullable=False),
    Column("event_id", String(128)),
    Column("basis", Text, nullable=False, server_default="[]"),  # JSON list: what decided it
)
Index("ix_claims_document", claims.c.document_id)
Index("ix_claims_family_date", claims.c.family, claims.c.date_start)
Index("ix_claims_event", claims.c.event_id)

findings = Table(
    "findings",
    metadata,
    Column("id", String(96), primary_key=True),
    Column("agreement_id", String(64), nullable=False),
    Column("rule_id", String(64), nullable=False),
    Column("rule_version", String(16), nullable=False),
    Column("subject", String(128), nullable=False),
    Column("party", String(64)),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("severity", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON list of refs
)
Index("ix_findings_party", findings.c.agreement_id, findings.c.party)

# What happened to each event, one row per change: a record joining it (and why), its
# status changing by clustering or by an analyst, a merge or a split. Ids are
# "EVENT~NNNN", in order.
event_history = Table(
    "event_history",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("event_id", String(128), nullable=False),
    Column("time", String(40), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(16), nullable=False),
    Column("status", String(16)),  # the status a status or decision row sets; else NULL
    Column("reason", Text, nullable=False),
    Column("refs", Text, nullable=False),  # JSON list of the records it concerns
)
Index("ix_event_history_event", event_history.c.event_id)

# Clustering's own bookkeeping, outside the record (no ledger entries: the records and the
# events they join are logged when they change).
#
# Records filed through the web application wait here for the server's clusterer, in the
# order they came. A record leaves the queue in the transaction that clusters it, so one
# not clustered yet is found again after a restart.
cluster_queue = Table(
    "cluster_queue",
    metadata,
    Column("kind", String(16), primary_key=True),  # "observation" or "claim"
    Column("record_id", String(160), primary_key=True),
    Column("queued", String(40), nullable=False),  # when it came: the order of the queue
)
Index("ix_cluster_queue_queued", cluster_queue.c.queued)

# The events that claims or observations belong to. Clustering finds an event with no
# members by its own row (its dates, family and place: the events index); its members
# decide where one of these reaches, so these are found by date alone. An event is listed
# when a member first joins it and never needs to leave: listing one too many costs a row
# read, not a wrong answer.
events_with_members = Table(
    "events_with_members",
    metadata,
    Column("event_id", String(128), primary_key=True),
)

# What each commit of a clusterer changed: the ledger's view size before and after it, and
# the events it changed (as they were and became: id, first and last day, lat, lon), so
# that a server (each of its workers) keeps the answers none of them concerns.
view_changes = Table(
    "view_changes",
    metadata,
    Column("before", BigInteger, primary_key=True, autoincrement=False),
    Column("after", BigInteger, nullable=False),
    Column("events", Text, nullable=False),  # JSON list of [id, start, end, lat, lon]
)

# Who may use the web application and the API. Not logged in the ledger: a password hash
# or a session must not travel in an exported bundle. Tokens and sessions are stored as
# the SHA-256 of their value, so the table alone opens nothing.
users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created", String(40), nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="0"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False),
    Column("label", Text),
    Column("created", String(40), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires", String(40), nullable=False),
)

# Files attached to observations and events (migration 0014): the record, logged with the
# SHA-256 of its bytes, and the bytes, kept once per content and checked against it.
attachments = Table(
    "attachments",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("record_kind", String(16), nullable=False),
    Column("record_id", String(128), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("added_by", String(128), nullable=False),
    Column("added_at", String(40), nullable=False),
)
Index("ix_attachments_record", attachments.c.record_kind, attachments.c.record_id)

attachment_blobs = Table(
    "attachment_blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

# Webhooks (migration 0015): who is told of each new published event or finding, and
# how. A subscription is a record of the ledger (its creation and removal are logged);
# its secret is not (the ledger's bundles travel to the parties), nor are its deliveries,
# which are the sender's bookkeeping: queued in the transaction that published what they
# carry, sent after it, retried with backoff until a 2xx answer marks them delivered.
webhooks = Table(
    "webhooks",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("wants", String(16), nullable=False),  # "events", "findings" or "both"
    Column("agreement", String(64)),  # the zone's agreement; None: the first stored
    Column("zone", String(64)),
    Column("families", Text, nullable=False),  # JSON list; empty: every family
    Column("party", String(64)),
    Column("created_by", String(128), nullable=False),
    Column("created_at", String(40), nullable=False),
)

webhook_secrets = Table(
    "webhook_secrets",
    metadata,
    Column("webhook_id", String(64), primary_key=True),
    Column("secret", String(128), nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(64), primary_key=True),  # the delivery id the receiver is sent
    Column("webhook_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # "event" or "finding"
    Column("record_id", String(160), nullable=False),
    Column("body", Text, nullable=False),  # the JSON sent, made when it was queued
    Column("queued", String(40), nullable=False),
    Column("state", String(16), nullable=False),  # "pending" or "delivered"
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("due", String(40), nullable=False),  # not sent before (a retry's backoff)
    Column("last_status", Integer),  # the HTTP status of the last attempt
    Column("last_error", Text),
    Column("delivered", String(40)),
)
Index(
    "ux_webhook_deliveries_record",
    webhook_deliveries.c.webhook_id,
    webhook_deliveries.c.kind,
    webhook_deliveries.c.record_id,
    unique=True,
)
Index("ix_webhook_deliveries_due", webhook_deliveries.c.state, webhook_deliveries.c.due)

# Each kind of record the ledger logs: its table, and the columns its id is made of.
RECORD_TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    "agreement": (agreements, ("id",)),
    "gazetteer": (gazetteers, ("name",)),
    "source": (sources, ("id",)),
    "document": (documents, ("id",)),
    "event": (events, ("id",)),
    "observation": (observations, ("id",)),
    "post": (posts, ("id",)),
    "crossing": (crossings, ("id",)),
    "track_point": (track_points, ("vehicle", "time")),
    "claim": (claims, ("id",)),
    "finding": (findings, ("id",)),
    "event_history": (event_history, ("id",)),
    "attachment": (attachments, ("id",)),
    "webhook": (webhooks, ("id",)),
}

ledger_entries = Table(
    "ledger_entries",
    metadata,
    # INTEGER PRIMARY KEY on SQLite: the sequence number is the row id, with no second index
    Column("seq", SEQ, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    Column("record_id", String(256), nullable=False),
    Column("op", String(8), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("time", String(40), nullable=False),
    Column("reason", Text),
    # canonical JSON, the bytes the leaf hash covers; NULL when stored by reference to the
    # record's row (ledger/records.py)
    Column("entry", Text),
    Column("leaf", LargeBinary(32), nullable=False),
)
Index("ix_ledger_entries_record", ledger_entries.c.kind, ledger_entries.c.record_id)

# The entries of many new rows written at once (a bulk import batch), stored as one run:
# entry first_seq + i is record ids[i], by reference, with leaf leaves[32i:32i+32]. A row
# of ledger_entries with the same seq takes precedence (see store/entryrows.py).
ledger_runs = Table(
    "ledger_runs",
    metadata,
    Column("first_seq", SEQ, primary_key=True, autoincrement=False),
    Column("count", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("op", String(8), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("time", String(40), nullable=False),
    Column("reason", Text),
    Column("ids", Text, nullable=False),  # JSON list of record ids, in seq order
    Column("leaves", LargeBinary, nullable=False),
)

# Perfect subtrees of level >= 4 (level 0 is ledger_entries.leaf; levels 1-3 are made again
# from leaves when needed): they never change once made.
ledger_nodes = Table(
    "ledger_nodes",
    metadata,
    Column("level", Integer, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

# Signed heads, append-only: a size is signed once; a second head at a size already signed
# (another root) can only come from an altered log, and is kept as the evidence of it.
ledger_heads = Table(
    "ledger_heads",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("root", LargeBinary(32), primary_key=True),
    Column("time", String(32), nullable=False),
    Column("checkpoint", Text, nullable=False),
)

# Witnesses' cosignatures of signed heads (C2SP tlog-cosignature note lines).
ledger_cosignatures = Table(
    "ledger_cosignatures",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("root", LargeBinary(32), primary_key=True),
    Column("witness", String(255), primary_key=True),
    Column("line", Text, nullable=False),
    Column("time", String(32), nullable=False),
)
