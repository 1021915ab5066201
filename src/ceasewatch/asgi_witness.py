"""A witness served over HTTP, as C2SP tlog-witness has it: ``POST /add-checkpoint`` with
``old <size>``, the consistency proof's hashes (base64, one a line), a blank line and the
checkpoint. The answer is the cosignature line (200); the size the witness holds when the
log's ``old`` is not it (409, ``text/x.tlog.size``); 403 for a log it does not follow;
422 for a checkpoint it refuses (a key swap, a rollback, a fork), kept as an alarm.
Requests are small and one folder is changed by one request at a time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from ceasewatch.errors import LedgerError
from ceasewatch.ledger import witness as w
from ceasewatch.workspace import witnessing

MAX_REQUEST = 16 * 1024  # a checkpoint and a proof of at most 64 hashes fit in far less


def witness_app(folder: Path) -> FastAPI:
    app = FastAPI(title="ceasewatch witness", openapi_url=None, docs_url=None, redoc_url=None)

    @app.post("/add-checkpoint")
    async def add_checkpoint(request: Request) -> PlainTextResponse:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_REQUEST:
                return PlainTextResponse("request too large\n", status_code=413)
        try:
            text = body.decode("utf-8")
            line = witnessing.add_checkpoint(folder, text, datetime.now(UTC))
        except UnicodeDecodeError:
            return PlainTextResponse("not UTF-8 text\n", status_code=400)
        except w.Conflict as exc:
            return PlainTextResponse(
                f"{exc.size}\n", status_code=409, media_type="text/x.tlog.size"
            )
        except w.Refused as exc:
            return PlainTextResponse(f"{exc}\n", status_code=422 if exc.alarm else 403)
        except LedgerError as exc:
            return PlainTextResponse(f"{exc}\n", status_code=400)
        return PlainTextResponse(line + "\n")

    @app.get("/")
    def about() -> PlainTextResponse:
        state = witnessing.load(folder)
        logs = "".join(f"{o} {f.size}\n" for o, f in sorted(state.logs.items()))
        return PlainTextResponse(f"witness {state.name}\n{logs}")

    return app
