"""OpenAPI 3.0 / 3.1 documents -> the common model.

Everything format-specific stops here: path-level parameters are merged into operations,
operations are keyed by method and path template with parameter names blanked, status
codes, media types and header names are normalized, security is resolved to each
operation's effective requirement, webhooks and callbacks become operations whose
directions are reversed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..canonical import Canonical, example_value, examples_of, text
from ..errors import InputError
from ..model import (
    Body,
    Contract,
    Header,
    Location,
    MediaType,
    Operation,
    Parameter,
    Response,
    Schema,
    SecurityScheme,
    Server,
)
from ..sources import Source
from .options import LoadOptions
from .refs import Resolver, resolver_for
from .schemas import SchemaBuilder
from .yamljson import Document

__all__ = [
    "detect_openapi",
    "detect_swagger",
    "load_document",
    "normalize_media_type",
    "operation_names",
    "path_key",
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAM = re.compile(r"\{([^{}/]*)\}")
_IGNORED_HEADERS = {"accept", "content-type", "authorization"}


def detect_openapi(data: Any) -> str | None:
    """``openapi-3.0`` / ``openapi-3.1`` from the document's own ``openapi`` field."""
    if not isinstance(data, dict):
        return None
    version = data.get("openapi")
    if version is None:
        return None
    spelled = text(version)
    if spelled.startswith("3.0"):
        return "openapi-3.0"
    if spelled.startswith(("3.1", "3.2")):
        return "openapi-3.1"
    if not isinstance(version, str):  # `openapi: 3.10` is the number 3.1; 3.999... is 4.0
        raise InputError.at(
            "/openapi",
            f"unsupported OpenAPI version {spelled} (written as a number, which YAML rounds: "
            "quote it, e.g. openapi: '3.1.0')",
        )
    raise InputError.at("/openapi", f"unsupported OpenAPI version '{spelled}'")


def detect_swagger(data: Any) -> str | None:
    """``swagger-2.0`` from the document's ``swagger`` field (and no ``openapi`` field)."""
    if not isinstance(data, dict) or "openapi" in data:
        return None
    swagger = data.get("swagger")
    return "swagger-2.0" if swagger is not None and text(swagger).startswith("2") else None


def path_key(path: str) -> str:
    """``/pets/{petId}`` -> ``/pets/{}``: parameter names are not on the wire."""
    return _PATH_PARAM.sub("{}", path)


def operation_names(method: str, path: str) -> tuple[str, str]:
    """(pairing key, display) of an operation: ``GET /pets/{}``, ``GET /pets/{petId}``."""
    return f"{method} {path_key(path)}", f"{method} {path}"


def normalize_media_type(value: str) -> str:
    """``Application/JSON; Charset="UTF-8"`` -> ``application/json;charset=utf-8``.

    Type, subtype and parameter names are case-insensitive, quoting a parameter value does
    not change it (RFC 9110, 8.3.1), and charset values are case-insensitive; other
    parameter values keep their case.
    """
    parts = [p.strip() for p in str(value).split(";")]
    essence = parts[0].lower().replace(" ", "")
    params = []
    for part in parts[1:]:
        if not part:
            continue
        name, _, val = part.partition("=")
        name, val = name.strip().lower(), val.strip()
        if len(val) >= 2 and val[0] == val[-1] == '"':
            val = val[1:-1].replace('\\"', '"')
        if name == "charset":
            val = val.lower()
        params.append(f"{name}={val}")
    return ";".join([essence, *sorted(params)])


def normalize_status(value: Any) -> str:
    text = str(value).strip()
    if text.lower() == "default":
        return "default"
    return text.upper()


class OpenAPILoader:
    """One document's worth of state: resolver, schema builder, the contract being filled."""

    # Parameter locations that are not parameters in the model (Swagger 2.0's bodies).
    body_locations: tuple[str, ...] = ()
    # Where named schemas and security schemes live.
    schemas_at: tuple[str, ...] = ("components", "schemas")
    schemes_at: tuple[str, ...] = ("components", "securitySchemes")

    def __init__(self, doc: Document, resolver: Resolver, fmt: str) -> None:
        self.doc = doc
        self.resolver = resolver
        self.format = fmt
        # One memo of canonical keys for the whole document: a value shared by many
        # places, or an alias bomb, is keyed and measured once.
        self.canon = Canonical()
        dialect = {"openapi-3.1": "3.1", "swagger-2.0": "2.0"}.get(fmt, "3.0")
        self.schemas = SchemaBuilder(
            resolver,
            dialect=dialect,
            component_prefixes=("/" + "/".join(self.schemas_at) + "/",),
            canon=self.canon,
        )
        data = doc.data
        info = data.get("info") if isinstance(data.get("info"), dict) else {}
        version = info.get("version")
        self.contract = Contract(
            source=doc.name,
            format=fmt,
            version=self.text(version),
            location=Location(doc.name, "", doc.position),
            title=self.text(info.get("title")),
        )
        self.global_security = self._security(data.get("security"), "/security")

    # -- helpers ---------------------------------------------------------------------------
    def text(self, value: Any) -> str | None:
        """A value the contract should spell as a string, as one, bounded (``canonical.text``)."""
        return None if value is None else text(value, self.canon)

    def error(self, doc: Document, pointer: str, message: str) -> InputError:
        return doc.error(pointer, message)

    def obj(self, value: Any, doc: Document, pointer: str, what: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(doc, pointer, f"{what} must be an object")
        return value

    def deref(self, value: Any, doc: Document, pointer: str) -> tuple[Any, Document, str]:
        if isinstance(value, dict) and "$ref" in value:
            target = self.resolver.resolve(value["$ref"], doc, pointer + "/$ref")
            resolved = target.value
            # 3.1 Reference Objects: a summary or description beside $ref overrides the
            # target's.
            if self.format == "openapi-3.1" and isinstance(resolved, dict):
                overrides = {k: value[k] for k in ("summary", "description") if k in value}
                if overrides:
                    resolved = {**resolved, **overrides}
            return resolved, target.doc, target.pointer
        return value, doc, pointer

    def loc(self, doc: Document, pointer: str) -> Location:
        return Location(doc.name, pointer, self.resolver.position_of(doc))

    # -- the document ----------------------------------------------------------------------
    def load(self) -> Contract:
        data, doc = self.doc.data, self.doc
        contract = self.contract
        contract.servers = self._top_servers()
        paths = self.obj(data.get("paths"), doc, "/paths", "paths")
        for path, item in paths.items():
            pointer = "/paths/" + _escape(str(path))
            self._path_item(str(path), item, doc, pointer, kind="operation")
        webhooks = self.obj(data.get("webhooks"), doc, "/webhooks", "webhooks")
        for name, item in webhooks.items():
            self._path_item(str(name), item, doc, "/webhooks/" + _escape(str(name)), kind="webhook")
        for name, raw, pointer in self._named(self.schemas_at):
            contract.schemas[name] = self.schemas.build(raw, doc, pointer, name)
        for name, raw, pointer in self._named(self.schemes_at):
            value, sdoc, sptr = self.deref(raw, doc, pointer)
            value = self._scheme_as_3(self.obj(value, sdoc, sptr, "a security scheme"))
            contract.security_schemes[name] = security_scheme(
                name, value, self.loc(sdoc, sptr), self.canon
            )
        self.schemas.finish()
        return contract

    def _named(self, at: tuple[str, ...]) -> list[tuple[str, Any, str]]:
        """(name, raw, pointer) of the entries of a map such as ``/components/schemas``."""
        value, pointer = self.doc.data, ""
        for key in at:
            pointer += "/" + key
            value = self.obj(value.get(key), self.doc, pointer, key)
        return [(str(k), v, f"{pointer}/{_escape(str(k))}") for k, v in value.items()]

    def _top_servers(self) -> tuple[Server, ...]:
        return self._servers(self.doc.data.get("servers"), self.doc, "/servers")

    def _scheme_as_3(self, raw: dict) -> dict:
        return raw

    def _path_item(
        self,
        path: str,
        item: Any,
        doc: Document,
        pointer: str,
        *,
        kind: str,
        parent: Operation | None = None,
        callback: str | None = None,
    ) -> None:
        item, doc, pointer = self.deref(item, doc, pointer)
        item = self.obj(item, doc, pointer, "a path item")
        shared = self._raw_parameters(item.get("parameters"), doc, pointer + "/parameters")
        servers = self._servers(item.get("servers"), doc, pointer + "/servers")
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op_pointer = f"{pointer}/{method}"
            raw = self.obj(item[method], doc, op_pointer, "an operation")
            operation = self._operation(
                path, method, raw, doc, op_pointer, shared, servers, kind, parent, callback
            )
            if operation.key in self.contract.operations:
                # Two templates that differ only in parameter names: keep both, apart.
                operation = _rekey(operation, f"{operation.key} ({path})")
            self.contract.operations[operation.key] = operation

    def _operation(
        self,
        path: str,
        method: str,
        raw: dict,
        doc: Document,
        pointer: str,
        shared: dict,
        path_servers: tuple[Server, ...],
        kind: str,
        parent: Operation | None,
        callback: str | None,
    ) -> Operation:
        upper = method.upper()
        if kind == "webhook":
            key, display = f"WEBHOOK {path} {upper}", f"webhook {path} ({upper})"
        elif kind == "callback" and parent is not None:
            # The callback's name is not on the wire; its expression and method are.
            key = f"{parent.key} CALLBACK {upper} {path}"
            display = f"{parent.display} callback {callback}: {upper} {path}"
        else:
            key, display = operation_names(upper, path)
        reversed_ = kind in ("webhook", "callback")
        raw_params = dict(shared)
        raw_params.update(self._raw_parameters(raw.get("parameters"), doc, pointer + "/parameters"))
        parameters = self._parameters(path, raw_params, kind)
        body = self._operation_body(raw, raw_params, doc, pointer)
        responses = {}
        raw_responses = self.obj(raw.get("responses"), doc, pointer + "/responses", "responses")
        for status, value in raw_responses.items():
            code = normalize_status(status)
            if code.startswith("X-"):
                continue  # an extension, not a status
            responses[code] = self._response(
                code, value, doc, f"{pointer}/responses/{_escape(str(status))}"
            )
        if "security" in raw:
            security = self._security(raw.get("security"), pointer + "/security", doc)
        else:
            security = self.global_security
        servers = self._servers(raw.get("servers"), doc, pointer + "/servers") or path_servers
        tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
        extensions = {
            k: self.canon(v) for k, v in raw.items() if isinstance(k, str) and k.startswith("x-")
        }
        operation = Operation(
            key=key,
            display=display,
            method=upper,
            path=path,
            location=self.loc(doc, pointer),
            kind=kind,
            reversed=reversed_,
            operation_id=self.text(raw.get("operationId")),
            summary=self.text(raw.get("summary")),
            description=self.text(raw.get("description")),
            tags=tuple(text(t, self.canon) for t in tags),
            deprecated=raw.get("deprecated") is True,
            sunset=self.text(raw.get("x-sunset")),
            deprecated_since=self.text(raw.get("x-deprecated-since")),
            stability=self.text(raw.get("x-stability-level")),
            parameters=parameters,
            request_body=body,
            responses=responses,
            security=security,
            servers=servers,
            extensions=extensions,
            parent=parent.key if parent is not None else None,
        )
        callbacks = self.obj(raw.get("callbacks"), doc, pointer + "/callbacks", "callbacks")
        for name, value in callbacks.items():
            cb_pointer = f"{pointer}/callbacks/{_escape(str(name))}"
            value, cdoc, cptr = self.deref(value, doc, cb_pointer)
            for expression, item in self.obj(value, cdoc, cptr, "a callback").items():
                self._path_item(
                    str(expression),
                    item,
                    cdoc,
                    f"{cptr}/{_escape(str(expression))}",
                    kind="callback",
                    parent=operation,
                    callback=str(name),
                )
        return operation

    def _operation_body(
        self, raw: dict, raw_params: dict, doc: Document, pointer: str
    ) -> Body | None:
        if raw.get("requestBody") is None:
            return None
        return self._request_body(raw["requestBody"], doc, pointer + "/requestBody")

    # -- parameters ------------------------------------------------------------------------
    def _raw_parameters(self, value: Any, doc: Document, pointer: str) -> dict:
        """``(in, name)`` -> (raw, doc, pointer), later entries overriding earlier ones."""
        if value is None:
            return {}
        if not isinstance(value, list):
            raise self.error(doc, pointer, "parameters must be a list")
        out = {}
        for index, entry in enumerate(value):
            raw, pdoc, pptr = self.deref(entry, doc, f"{pointer}/{index}")
            raw = self.obj(raw, pdoc, pptr, "a parameter")
            name, where = raw.get("name"), raw.get("in")
            if not isinstance(name, str) or not isinstance(where, str):
                raise self.error(pdoc, pptr, "a parameter needs a string 'name' and 'in'")
            key = (where, name.lower() if where == "header" else name)
            out[key] = (raw, pdoc, pptr)
        return out

    def _parameters(self, path: str, raw_params: dict, kind: str) -> dict:
        names = _PATH_PARAM.findall(path) if kind != "webhook" else []
        out: dict[tuple[str, str], Parameter] = {}
        for (where, name), (raw, doc, pointer) in raw_params.items():
            if (where == "header" and name in _IGNORED_HEADERS) or where in self.body_locations:
                continue
            param = self._parameter(raw, doc, pointer)
            if where == "path":
                if param.name in names:
                    key = ("path", str(names.index(param.name)))
                else:
                    self.contract.warnings.append(
                        f"{doc.name}: path parameter '{param.name}' is not in the path '{path}'"
                    )
                    key = ("path", "?" + param.name)
            else:
                key = (where, name)
            out[key] = param
        return out

    def _parameter(self, raw: dict, doc: Document, pointer: str) -> Parameter:
        where = raw["in"]
        content = self._content(raw.get("content"), doc, pointer + "/content")
        schema = self._parameter_schema(raw, doc, pointer)
        if schema is None and content:
            schema = next(iter(content.values())).schema
        style, explode = self._style(raw, where)
        example = examples_of(raw, self.canon)
        return Parameter(
            name=raw["name"],
            in_=where,
            required=raw.get("required") is True or where == "path",
            schema=schema,
            location=self.loc(doc, pointer),
            deprecated=raw.get("deprecated") is True,
            sunset=self.text(raw.get("x-sunset")),
            style=style,
            explode=explode,
            # Both flags mean something for query parameters only (OpenAPI 3.x, 4.8.12.1).
            allow_empty_value=where == "query" and raw.get("allowEmptyValue") is True,
            allow_reserved=where == "query" and raw.get("allowReserved") is True,
            content=content,
            description=self.text(raw.get("description")),
            example=example,
            example_value=example_value(raw),
        )

    def _parameter_schema(self, raw: dict, doc: Document, pointer: str) -> Schema | None:
        if raw.get("schema") is None:
            return None
        return self.schemas.build(raw["schema"], doc, pointer + "/schema")

    def _style(self, raw: dict, where: str) -> tuple[str, bool]:
        style = self.text(raw.get("style")) or (
            "form" if where in ("query", "cookie") else "simple"
        )
        explode = raw.get("explode")
        if not isinstance(explode, bool):
            explode = style == "form"
        return style, explode

    def _serialization(self, media: str, value: Any) -> tuple[tuple[str, str, bool, bool], ...]:
        """Each form field an ``encoding`` entry gives a ``style``, ``explode`` or
        ``allowReserved``: how it is written, the defaults filled in (as a query
        parameter's). OpenAPI 3.0 applies them to ``application/x-www-form-urlencoded``
        only (a multipart part is written by its ``contentType``); 3.1 to multipart too."""
        if not isinstance(value, dict):
            return ()
        if self.format == "openapi-3.0" and not media.startswith(
            "application/x-www-form-urlencoded"
        ):
            return ()
        out = []
        for name, entry in value.items():
            if not isinstance(entry, dict) or not entry.keys() & _SERIALIZATION_KEYS:
                continue
            style, explode = self._style(entry, "query")
            out.append((str(name), style, explode, entry.get("allowReserved") is True))
        return tuple(sorted(out))

    # -- bodies and responses --------------------------------------------------------------
    def _content(self, value: Any, doc: Document, pointer: str) -> dict[str, MediaType]:
        content = self.obj(value, doc, pointer, "content")
        out = {}
        for media, entry in content.items():
            mptr = f"{pointer}/{_escape(str(media))}"
            entry = self.obj(entry, doc, mptr, "a media type")
            schema = None
            if entry.get("schema") is not None:
                schema = self.schemas.build(entry["schema"], doc, mptr + "/schema")
            example = examples_of(entry, self.canon)
            key = normalize_media_type(str(media))
            out[key] = MediaType(
                key,
                schema,
                self.loc(doc, mptr),
                example,
                example_value=example_value(entry),
                encoding=_encoding(entry.get("encoding")),
                serialization=self._serialization(key, entry.get("encoding")),
            )
        return out

    def _request_body(self, value: Any, doc: Document, pointer: str) -> Body:
        raw, bdoc, bptr = self.deref(value, doc, pointer)
        raw = self.obj(raw, bdoc, bptr, "a request body")
        return Body(
            required=raw.get("required") is True,
            content=self._content(raw.get("content"), bdoc, bptr + "/content"),
            location=self.loc(bdoc, bptr),
            description=self.text(raw.get("description")),
        )

    def _response(self, status: str, value: Any, doc: Document, pointer: str) -> Response:
        raw, rdoc, rptr = self.deref(value, doc, pointer)
        raw = self.obj(raw, rdoc, rptr, "a response")
        headers = {}
        raw_headers = self.obj(raw.get("headers"), rdoc, rptr + "/headers", "headers")
        for name, entry in raw_headers.items():
            if str(name).lower() == "content-type":
                continue
            hptr = f"{rptr}/headers/{_escape(str(name))}"
            hraw, hdoc, hptr = self.deref(entry, rdoc, hptr)
            hraw = self.obj(hraw, hdoc, hptr, "a header")
            schema = self._parameter_schema(hraw, hdoc, hptr)
            if schema is None:
                content = self._content(hraw.get("content"), hdoc, hptr + "/content")
                if content:
                    schema = next(iter(content.values())).schema
            headers[str(name).lower()] = Header(
                name=str(name),
                required=hraw.get("required") is True,
                schema=schema,
                location=self.loc(hdoc, hptr),
                deprecated=hraw.get("deprecated") is True,
                sunset=self.text(hraw.get("x-sunset")),
                description=self.text(hraw.get("description")),
            )
        return Response(
            status=status,
            content=self._response_content(raw, rdoc, rptr),
            headers=headers,
            location=self.loc(rdoc, rptr),
            description=self.text(raw.get("description")),
        )

    def _response_content(self, raw: dict, doc: Document, pointer: str) -> dict[str, MediaType]:
        return self._content(raw.get("content"), doc, pointer + "/content")

    # -- security and servers --------------------------------------------------------------
    def _security(self, value: Any, pointer: str, doc: Document | None = None):
        doc = doc or self.doc
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.error(doc, pointer, "security must be a list")
        alternatives = []
        for index, entry in enumerate(value):
            entry = self.obj(entry, doc, f"{pointer}/{index}", "a security requirement")
            alternatives.append(
                frozenset(
                    (
                        str(name),
                        frozenset(text(s, self.canon) for s in scopes or () if s is not None),
                    )
                    for name, scopes in entry.items()
                    if isinstance(scopes, list | type(None))
                )
            )
        # Duplicates collapse; order does not matter to a client.
        return tuple(sorted(set(alternatives), key=_requirement_sort_key))

    def _servers(self, value: Any, doc: Document, pointer: str) -> tuple[Server, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(doc, pointer, "servers must be a list")
        out = []
        for index, entry in enumerate(value):
            sptr = f"{pointer}/{index}"
            entry = self.obj(entry, doc, sptr, "a server")
            url = text(entry.get("url", ""), self.canon)
            variables = {}
            for name, var in self.obj(
                entry.get("variables"), doc, sptr + "/variables", "variables"
            ).items():
                if isinstance(var, dict):
                    enum = var.get("enum")
                    variables[str(name)] = (
                        self.text(var.get("default")),
                        frozenset(text(v, self.canon) for v in enum)
                        if isinstance(enum, list)
                        else None,
                    )
            out.append(
                Server(
                    url=_PATH_PARAM.sub("{}", url.rstrip("/")) or "/",
                    display=url,
                    location=self.loc(doc, sptr),
                    variables=variables,
                )
            )
        return tuple(out)


def security_scheme(
    name: str, raw: dict, location: Location, canon: Canonical | None = None
) -> SecurityScheme:
    """The fields of a scheme that a client's code depends on, flattened."""
    canon = canon or Canonical()

    def spelled(value: Any) -> str:
        return text(value, canon)

    kind = spelled(raw.get("type", ""))
    details: dict[str, str] = {}
    scopes: set[str] = set()
    if kind == "apiKey":
        details["in"] = spelled(raw.get("in", ""))
        name = spelled(raw.get("name", ""))
        details["name"] = name.lower() if details["in"] == "header" else name
    elif kind == "http":
        details["scheme"] = spelled(raw.get("scheme", "")).lower()
        if raw.get("bearerFormat") is not None:
            details["bearerFormat"] = spelled(raw["bearerFormat"])
    elif kind in ("oauth2",):
        flows = raw.get("flows") if isinstance(raw.get("flows"), dict) else {}
        for flow_name, flow in sorted(flows.items()):
            if not isinstance(flow, dict):
                continue
            for url_key in ("authorizationUrl", "tokenUrl", "refreshUrl"):
                if flow.get(url_key) is not None:
                    details[f"flows.{flow_name}.{url_key}"] = spelled(flow[url_key])
            flow_scopes = flow.get("scopes") if isinstance(flow.get("scopes"), dict) else {}
            scopes.update(spelled(s) for s in flow_scopes)
    elif kind == "openIdConnect":
        details["openIdConnectUrl"] = spelled(raw.get("openIdConnectUrl", ""))
    return SecurityScheme(
        name=name, type=kind, location=location, details=details, scopes=frozenset(scopes)
    )


def _requirement_sort_key(alternative: frozenset) -> list:
    return sorted((name, sorted(scopes)) for name, scopes in alternative)


def _rekey(operation: Operation, key: str) -> Operation:
    return replace(operation, key=key)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def load_document(doc: Document, source: Source, dialect: str, options: LoadOptions) -> Contract:
    """Load an OpenAPI 3.x document (already parsed) into a ``Contract``."""
    if not isinstance(doc.data, dict):
        raise InputError("an OpenAPI document must be an object", file=doc.name)
    return OpenAPILoader(doc, resolver_for(doc, source, options), dialect).load()


_SERIALIZATION_KEYS = frozenset(("style", "explode", "allowReserved"))


def _encoding(value: Any) -> tuple[tuple[str, str], ...]:
    """A media type's ``encoding``: each property's ``contentType`` as written (anything
    else, or a malformed entry, is left out: the part keeps its default)."""
    if not isinstance(value, dict):
        return ()
    return tuple(
        sorted(
            (str(name), entry["contentType"])
            for name, entry in value.items()
            if isinstance(entry, dict) and isinstance(entry.get("contentType"), str)
        )
    )
