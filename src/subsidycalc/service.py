"""An HTTP service: the library's assessments, allocations and screenings as JSON over HTTP.

Government systems are mostly not Python; ``subsidycalc serve`` (extra ``service``: FastAPI on
uvicorn) gives them the same results the Python API gives, with the pydantic models as the API
schema and OpenAPI at ``/openapi.json`` (examples from the bundled data):

* ``POST /assess`` — one or many applications, a ledger, a stage of their life;
* ``POST /allocate`` — a round: applications, the ledger of earlier awards, the allocation policy;
* ``POST /screen`` — what an enterprise's profile can apply for, as of a day;
* ``GET /documents``, ``GET /documents/{programme}/rules``, ``GET /codes``, ``GET /schemas/{name}``.

It is stateless: every request carries its inputs. Every response carries the library version
(``X-Subsidycalc-Version``) and the digest of the registered rules (``X-Rules-Digest``). Bad input
is a 422 whose body names each field path, the value and what was expected; a body over the limit
is a 413; an error is never a traceback. Where no gateway authenticates callers, a bearer token
(``subsidycalc serve --token-env NAME``) is required on every request but ``/health``.

```pycon
>>> app = create_app()
>>> " ".join(sorted(route.path for route in app.routes if route.path.startswith("/documents")))
'/documents /documents/{programme}/rules'

```
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, Final

from fastapi import Body, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ._optional import require
from ._version import __version__
from .allocation import Allocation, AllocationPolicy, allocate
from .cases import case_file_schema
from .codes import code_table
from .docs import rule_rows
from .engine import rules_digest
from .inputs import example_applications, example_ledger
from .ledger import Ledger
from .models import Application
from .registry import all_directions, directions, document, programmes
from .result import Assessment, assessment_json_schema
from .screener import Profile, example_profiles, screen
from .stages import LifeStage
from .text import quote

__all__ = ["AllocateRequest", "AssessRequest", "ScreenRequest", "create_app", "registry_digest", "running", "serve"]

DEFAULT_MAX_BODY: Final = 10 * 1024 * 1024
"""Requests over 10 MiB are refused (413); ``subsidycalc serve --max-bytes`` changes it."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class AssessRequest(BaseModel):
    """Applications to assess, each under the direction it names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    applications: Annotated[list[Application], Field(min_length=1, max_length=10_000)]
    ledger: Ledger | None = None
    """Earlier awards, for rules that read history; ``null``: not given (such results say they are
    not final), an empty ledger: there are none."""
    stage: LifeStage | None = None
    """Check what the text requires up to this stage of the application (later checks are PENDING)."""
    explain: Annotated[list[str], Field(max_length=2)] = []
    """Explanations to add, by language: ``["zh"]``, ``["en"]``, both."""


class AllocateRequest(BaseModel):
    """A round: competing applications, the awards before it, and how to allocate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    applications: Annotated[list[Application], Field(min_length=1, max_length=100_000)]
    ledger: Ledger | None = None
    policy: AllocationPolicy = AllocationPolicy()


class ScreenRequest(BaseModel):
    """An enterprise's profile to screen against every registered direction, as of a day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile: Profile
    as_of: date
    ledger: Ledger | None = None
    programmes: list[str] | None = None
    """Only these documents (default: all)."""


def registry_digest() -> str:
    """One digest of every registered rule (the rules digests, sorted by direction)."""
    table = all_directions()
    text = ";".join(f"{ref}={rules_digest(rules)}" for ref, rules in sorted(table.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _examples() -> dict[str, Any]:
    apps = example_applications()
    ledger = example_ledger().model_dump(mode="json")
    one = apps[0].model_dump(mode="json", exclude_defaults=True)
    return {
        "assess": {"applications": [one], "ledger": ledger, "explain": ["zh"]},
        "allocate": {
            "applications": [a.model_dump(mode="json", exclude_defaults=True) for a in apps if a.programme == "doumen-2023"],
            "ledger": ledger,
            "policy": {"budgets": [{"amount": "500万", "scope": "all"}]},
        },
        "screen": {"profile": example_profiles()[0].model_dump(mode="json", exclude_defaults=True), "as_of": "2024-03-01"},
    }


_EXAMPLES: Final = _examples()
_ASSESS_EXAMPLE: Final = Body(openapi_examples={"bundled": {"summary": "a bundled example", "value": _EXAMPLES["assess"]}})
_ALLOCATE_EXAMPLE: Final = Body(openapi_examples={"bundled": {"summary": "the 斗门 examples", "value": _EXAMPLES["allocate"]}})
_SCREEN_EXAMPLE: Final = Body(openapi_examples={"bundled": {"summary": "an example enterprise", "value": _EXAMPLES["screen"]}})


def _field_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Pydantic's errors as ``{path, value, message}``: the field path from the body, the value
    quoted (bounded), what was expected."""
    found = []
    for error in errors:
        if error.get("type") == "json_invalid":
            where = error.get("loc", ("", "?"))[-1]
            reason = (error.get("ctx") or {}).get("error", "")
            found.append({"path": "(body)", "value": None, "message": f"not valid JSON at character {where}: {reason}".rstrip(": ")})
            continue
        location = [str(p) for p in error.get("loc", ()) if p != "body"]
        value = error.get("input")
        shown = None if isinstance(value, (dict, list)) else quote(value) if value is not None else None
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        found.append({"path": ".".join(location) or "(body)", "value": shown, "message": message})
    return found


class _BodyLimit:
    """Refuse a request body over ``limit`` bytes with a 413: by its Content-Length, or while it is
    read (a chunked body), before the application sees any of it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _send_json(send, 413, _too_large(self.limit))
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _send_json(send, 413, _too_large(self.limit))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _too_large(limit: int) -> dict[str, Any]:
    return {"errors": [{"path": "(body)", "value": None, "message": f"request body over {limit} bytes: expected at most {limit}"}]}


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())],
    })
    await send({"type": "http.response.body", "body": data})


def create_app(*, token: str | None = None, max_body: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The FastAPI application. ``token``: require ``Authorization: Bearer <token>`` (``/health``
    aside); ``max_body``: the largest request body, in bytes."""
    app = FastAPI(
        title="subsidycalc",
        version=__version__,
        description=(
            "Chinese manufacturing-digitalisation subsidy policies as cited rule data: exact awards "
            "(integer 分), explanations clause by clause."
        ),
    )
    digest = registry_digest()

    @app.middleware("http")
    async def particulars(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if token is not None and request.url.path != "/health":
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                response: Response = JSONResponse(
                    {"errors": [{"path": "Authorization", "value": None, "message": "expected 'Bearer <token>'"}]},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            else:
                response = await call_next(request)
        else:
            response = await call_next(request)
        response.headers["X-Subsidycalc-Version"] = __version__
        response.headers["X-Rules-Digest"] = digest
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"errors": _field_errors(list(exc.errors()))}, status_code=422)

    @app.exception_handler(LookupError)
    async def unknown(request: Request, exc: LookupError) -> JSONResponse:  # no such document or schema
        message = str(exc).strip("'\"")
        return JSONResponse({"errors": [{"path": request.url.path, "value": None, "message": message}]}, status_code=404)

    @app.exception_handler(ValueError)
    async def refused(request: Request, exc: ValueError) -> JSONResponse:  # a well-formed input the rules refuse
        return JSONResponse({"errors": [{"path": "(body)", "value": None, "message": str(exc)}]}, status_code=422)

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> JSONResponse:  # never a traceback to the caller
        return JSONResponse(
            {"errors": [{"path": "(server)", "value": None, "message": f"internal error ({type(exc).__name__})"}]},
            status_code=500,
        )

    @app.get("/health")
    def health() -> dict[str, str]:
        """Liveness: the version and the rules digest."""
        return {"status": "ok", "version": __version__, "rules_digest": digest}

    @app.get("/documents")
    def documents() -> list[dict[str, Any]]:
        """Every registered policy document and its directions."""
        return [
            {**document(p).model_dump(mode="json", exclude={"text_package", "text_file"}), "directions": list(directions(p))}
            for p in programmes()
        ]

    @app.get("/documents/{programme}/rules")
    def rules(programme: str) -> dict[str, Any]:
        """One document's rules: every parameter of every direction with its clause, and the digests."""
        if programme not in programmes():
            raise LookupError(f"unknown programme {quote(programme)}: expected one of {', '.join(programmes())}")
        return {
            "programme": programme,
            "directions": [
                {
                    "key": r.key, "name": f"{r.topic} {r.name}", "rules_digest": rules_digest(r),
                    "rows": [
                        {"what": what, "value": value, "citation": None if c is None else c.model_dump()}
                        for what, value, c in rule_rows(r)
                    ],
                }
                for r in directions(programme).values()
            ],
        }

    @app.get("/codes")
    def codes() -> list[dict[str, Any]]:
        """Every reason code with its meaning in Chinese and English and the rules that write it."""
        return [
            {"code": i.code, "zh": i.zh, "en": i.en, "condition": i.condition, "rules": list(i.rules)}
            for i in code_table().values()
        ]

    schemas: dict[str, Callable[[], dict[str, Any]]] = {
        "application": lambda: TypeAdapter(Application).json_schema(),
        "assessment": assessment_json_schema,
        "allocation": Allocation.json_schema,
        "profile": lambda: Profile.model_json_schema(),
        "cases": case_file_schema,
    }

    @app.get("/schemas/{name}")
    def schema(name: str) -> dict[str, Any]:
        """A JSON Schema: ``application``, ``assessment``, ``allocation``, ``profile`` or ``cases``."""
        if name not in schemas:
            raise LookupError(f"unknown schema {quote(name)}: expected one of {', '.join(schemas)}")
        return schemas[name]()

    assessment_schema = {"application/json": {"schema": {"type": "object"}}}

    @app.post("/assess", responses={200: {"description": "one assessment per application", "content": assessment_schema}})
    def assess_endpoint(
        body: Annotated[AssessRequest, _ASSESS_EXAMPLE],
    ) -> dict[str, Any]:
        """Assess each application under the direction it names."""
        table = all_directions()
        found = []
        for application in body.applications:
            result: Assessment = table[f"{application.programme}/{application.direction}"].assess(
                application, body.ledger, body.stage
            )
            item = result.to_dict()
            for lang in body.explain:
                if lang not in ("zh", "en"):
                    raise ValueError(f"explain: {quote(lang)}: expected zh or en")
                item[f"explanation_{lang}"] = result.explain(lang)  # type: ignore[arg-type]
            found.append(item)
        return {"assessments": found}

    @app.post("/allocate")
    def allocate_endpoint(
        body: Annotated[AllocateRequest, _ALLOCATE_EXAMPLE],
    ) -> dict[str, Any]:
        """Allocate a round: quotas by rank, exclusions, budgets, the ledger in progress."""
        result: dict[str, Any] = allocate(body.applications, policy=body.policy, ledger=body.ledger).to_dict()
        return result

    @app.post("/screen")
    def screen_endpoint(
        body: Annotated[ScreenRequest, _SCREEN_EXAMPLE],
    ) -> dict[str, Any]:
        """Every registered direction's answer to an enterprise's profile."""
        known = set(programmes())
        for name in body.programmes or ():
            if name not in known:
                raise ValueError(f"programmes: unknown programme {quote(name)}: expected one of {', '.join(sorted(known))}")
        return screen(body.profile, as_of=body.as_of, ledger=body.ledger, only=body.programmes).to_dict()

    app.add_middleware(_BodyLimit, limit=max_body)
    return app


@contextmanager
def running(*arguments: str, env: Mapping[str, str] | None = None, timeout: float = 30.0) -> Iterator[str]:  # float-ok: seconds
    """``subsidycalc serve`` as a child process on 127.0.0.1 and a free port, for tests and benchmarks:
    yields its base URL once ``/health`` answers, and stops it afterwards. ``arguments``: more options
    of ``serve`` (``--token-env``, ``--max-body``)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    command = [sys.executable, "-m", "subsidycalc", "serve", "--host", "127.0.0.1", "--port", str(port), *arguments]
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise RuntimeError(f"subsidycalc serve exited with {process.returncode}: {error[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=1) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"subsidycalc serve did not answer on {url} within {timeout} s") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()
            process.wait()


def serve(
    *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None, max_body: int = DEFAULT_MAX_BODY
) -> None:  # pragma: no cover - runs until stopped; tests start it as a process
    """Run the service with uvicorn (blocks until interrupted)."""
    uvicorn = require("uvicorn", "service", "the HTTP service")
    uvicorn.run(create_app(token=token, max_body=max_body), host=host, port=port, log_level="warning")

