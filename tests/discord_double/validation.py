"""Check request bodies against Discord's OpenAPI spec and the limits it cannot express.

The spec (1.2 MB) is loaded and its validators compiled lazily, once per process, and cached at
module level: per-request work is one dictionary look-up plus the validation itself.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "discord-api" / "openapi.json"
SPEC_URI = "urn:discord:openapi"

CONTENT_LIMIT = 2000
EMBED_TOTAL_LIMIT = 6000
CHOICE_VALUE_LIMIT = 100
CHOICE_LIMIT = 25


@dataclass(frozen=True)
class Violation:
    """One broken rule: where in the body, which limit, and what was found."""

    method: str
    route: str
    path: str
    limit: str
    message: str

    def __str__(self) -> str:
        return f"{self.method} {self.route}: {self.path}: {self.message} (limit: {self.limit})"


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    body_pointer: str | None


@functools.cache
def _spec() -> dict[str, Any]:
    try:
        with SPEC_PATH.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise RuntimeError(
            f"Discord's OpenAPI spec is missing at {SPEC_PATH}; the stand-in cannot validate"
        ) from None


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


@functools.cache
def _operations() -> tuple[Operation, ...]:
    """Every (method, path template) in the spec, literal templates before parameterised ones."""
    found = []
    for template, item in _spec()["paths"].items():
        regex = re.escape(template)
        regex = re.sub(r"\\\{[a-z_]+\\\}", r"[^/]+", regex)
        pattern = re.compile(f"^{regex}$")
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            pointer = None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                pointer = "/".join(
                    [
                        "#",
                        "paths",
                        _escape(template),
                        method,
                        "requestBody",
                        "content",
                        _escape("application/json"),
                        "schema",
                    ]
                )
            found.append(Operation(method.upper(), template, pattern, pointer))
    # "/messages/@original" must win over "/messages/{message_id}".
    found.sort(key=lambda op: op.template.count("{"))
    return tuple(found)


def find_operation(method: str, path: str) -> Operation | None:
    for operation in _operations():
        if operation.method == method and operation.pattern.match(path):
            return operation
    return None


@functools.cache
def _registry() -> Registry:
    resource = Resource.from_contents(_spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


@functools.cache
def _validator(pointer: str) -> jsonschema.Draft202012Validator:
    schema = {"$ref": SPEC_URI + pointer}
    return jsonschema.Draft202012Validator(schema, registry=_registry())


def warm_up() -> None:
    """Load the spec and compile the validators the bot's routes use (once per process)."""
    for operation in _operations():
        if operation.body_pointer and operation.template.startswith(
            (
                "/interactions/",
                "/webhooks/{webhook_id}/{webhook_token}",
                "/channels/",
                "/applications/",
            )
        ):
            _validator(operation.body_pointer)


def _relevant(error: ValidationError) -> ValidationError:
    """Pick the error a human wants from an anyOf/oneOf: ignore branches ruled out by `type`."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return error
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    plausible = [
        errs
        for errs in branches.values()
        if not any(
            (e.validator in ("enum", "const") and list(e.relative_path)[-1:] == ["type"])
            or (e.validator == "type" and not e.relative_path)
            for e in errs
        )
    ]
    candidates = [e for errs in plausible for e in errs] or list(error.context)
    return _relevant(best_match(candidates))


def schema_violations(method: str, path: str, body: Any) -> list[Violation]:
    operation = find_operation(method, path)
    if operation is None or operation.body_pointer is None:
        return []
    validator = _validator(operation.body_pointer)
    first = next(iter(validator.iter_errors(body)), None)
    if first is None:
        return []
    error = _relevant(best_match(validator.iter_errors(body)))
    limit = f"{error.validator} {json.dumps(error.validator_value)[:120]}"
    return [Violation(method, operation.template, error.json_path, limit, _describe(error))]


def _describe(error: ValidationError) -> str:
    """A short account of what was found, without echoing a 7000-character string back."""
    instance = error.instance
    if error.validator in ("maxLength", "minLength") and isinstance(instance, str):
        return f"string of {len(instance)} characters"
    if error.validator in ("maxItems", "minItems") and isinstance(instance, list):
        return f"array of {len(instance)} items"
    return error.message if len(error.message) <= 200 else error.message[:197] + "..."


def embeds_length(embeds: list[dict[str, Any]]) -> int:
    """Characters Discord counts toward the 6000 total: titles, descriptions, fields, footer,
    author name."""
    total = 0
    for embed in embeds:
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += len((embed.get("footer") or {}).get("text") or "")
        total += len((embed.get("author") or {}).get("name") or "")
        for embed_field in embed.get("fields") or []:
            total += len(embed_field.get("name") or "") + len(embed_field.get("value") or "")
    return total


def _message_limits(body: Any, at: str) -> list[tuple[str, str, str]]:
    found = []
    if not isinstance(body, dict):
        return found
    content = body.get("content")
    if isinstance(content, str) and len(content) > CONTENT_LIMIT:
        found.append(
            (
                f"{at}.content",
                f"{CONTENT_LIMIT} characters",
                f"content is {len(content)} characters",
            )
        )
    embeds = body.get("embeds")
    if isinstance(embeds, list):
        total = embeds_length([e for e in embeds if isinstance(e, dict)])
        if total > EMBED_TOTAL_LIMIT:
            found.append(
                (
                    f"{at}.embeds",
                    f"{EMBED_TOTAL_LIMIT} characters across all embeds",
                    f"embeds hold {total} characters",
                )
            )
    return found


def _choice_limits(choices: Any, at: str) -> list[tuple[str, str, str]]:
    found = []
    if not isinstance(choices, list):
        return found
    if len(choices) > CHOICE_LIMIT:
        found.append((at, f"{CHOICE_LIMIT} choices", f"{len(choices)} choices"))
    too_long = [
        index
        for index, choice in enumerate(choices)
        if isinstance(choice, dict)
        and isinstance(choice.get("value"), str)
        and len(choice["value"]) > CHOICE_VALUE_LIMIT
    ]
    if too_long:
        first = too_long[0]
        more = f" ({len(too_long)} choices too long)" if len(too_long) > 1 else ""
        found.append(
            (
                f"{at}[{first}].value",
                f"{CHOICE_VALUE_LIMIT} characters",
                f"choice value is {len(choices[first]['value'])} characters{more}",
            )
        )
    return found


def _command_limits(commands: Any) -> list[tuple[str, str, str]]:
    found = []
    if not isinstance(commands, list):
        return found

    def walk(options: Any, at: str) -> None:
        for index, option in enumerate(options or []):
            if isinstance(option, dict):
                here = f"{at}.options[{index}]"
                found.extend(_choice_limits(option.get("choices"), f"{here}.choices"))
                walk(option.get("options"), here)

    for index, command in enumerate(commands):
        if isinstance(command, dict):
            walk(command.get("options"), f"$[{index}]")
    return found


def limit_violations(method: str, template: str, body: Any) -> list[Violation]:
    """The documented limits the spec does not (or wrongly) encode."""
    found: list[tuple[str, str, str]] = []
    if template.endswith("/callback") and isinstance(body, dict):
        kind = body.get("type")
        data = body.get("data")
        if kind in (4, 7):
            found += _message_limits(data, "$.data")
        elif kind == 8 and isinstance(data, dict):
            found += _choice_limits(data.get("choices"), "$.data.choices")
    elif template.endswith("/commands") and method == "PUT":
        found += _command_limits(body)
    elif template.endswith("/commands") and method == "POST":
        found += _command_limits([body])
    elif method in ("POST", "PATCH"):
        found += _message_limits(body, "$")
    return [Violation(method, template, path, limit, message) for path, limit, message in found]


def validate(method: str, path: str, body: Any) -> list[Violation]:
    """All violations in one request body; empty when Discord would accept it."""
    operation = find_operation(method, path)
    template = operation.template if operation else path
    return schema_violations(method, path, body) + limit_violations(method, template, body)
