"""Write docs/openapi.json, the HTTP API's OpenAPI document: python tools/api_reference.py

The same document the server answers at /openapi.json, kept in the repository so that a
client can be written (or a change of the API reviewed) without running a server;
``tests/test_docs.py`` fails when it differs from what the application describes.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"


def reference() -> str:
    from ceasewatch.asgi import create_app
    from ceasewatch.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "openapi.db")
        Workspace.init(db).close()
        app = create_app(db)
        try:
            return json.dumps(app.openapi(), indent=1, ensure_ascii=False) + "\n"
        finally:
            app.state.workspace.close()


if __name__ == "__main__":
    OUT.write_text(reference(), encoding="utf-8")
    print(f"wrote {OUT}")
