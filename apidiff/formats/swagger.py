"""Swagger 2.0 documents -> the common model, the way an OpenAPI 3.0 migration would read.

The loader is the OpenAPI one with the 2.0 spellings swapped in, so a 2.0 document and the
same API migrated to 3.0 give equal models:

- ``in: body`` becomes the request body and ``in: formData`` parameters become the
  properties of a form body; their media types are the effective ``consumes``;
- a response ``schema`` becomes one media type per effective ``produces``;
- a parameter's or header's inline ``type``/``items``/``enum``/... is its schema, and an
  array's ``collectionFormat`` is its ``style``/``explode``;
- ``host``/``basePath``/``schemes`` become servers (the path keys stay as written, as in a
  3.0 conversion, so moving ``basePath`` into ``servers`` is not a change of every path);
- ``securityDefinitions`` become 3.0 security schemes (``basic`` is ``http``/``basic``,
  oauth2's one ``flow`` is a ``flows`` entry).

Without ``consumes``/``produces`` anywhere, bodies are ``application/json``: the media type
nearly every 2.0 API means and the one converters write.
"""

from __future__ import annotations

from typing import Any

from ..canonical import Canonical, text
from ..model import Body, MediaType, Schema, Server
from ..sources import Source
from .openapi import OpenAPILoader, normalize_media_type
from .options import LoadOptions
from .refs import Resolver, resolver_for
from .yamljson import Document

__all__ = ["load_document"]

DEFAULT_MEDIA_TYPE = "application/json"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# The keywords of a 2.0 non-body parameter (or header, or items) that are its schema.
_SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
    "x-extensible-enum",
)

# collectionFormat -> (style in a query, explode); path and header arrays use "simple".
_COLLECTION_FORMATS = {
    "csv": ("form", False),
    "multi": ("form", True),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "tsv": ("tabDelimited", False),  # no 3.0 equivalent; kept apart so a change shows
}

_OAUTH_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}


class SwaggerLoader(OpenAPILoader):
    body_locations = ("body", "formData")
    schemas_at = ("definitions",)
    schemes_at = ("securityDefinitions",)

    def __init__(self, doc: Document, resolver: Resolver) -> None:
        super().__init__(doc, resolver, "swagger-2.0")
        data = doc.data
        self.global_consumes = _media_list(data.get("consumes"), self.canon)
        self.global_produces = _media_list(data.get("produces"), self.canon)
        self._consumes: tuple[str, ...] = ()
        self._produces: tuple[str, ...] = ()
        # One schema dict per inline parameter, kept alive: the schema builder memoizes by
        # the identity of the raw dict, and a shared parameter must give one shared node.
        self._inline: dict[int, dict] = {}

    # -- the document ----------------------------------------------------------------------
    def _top_servers(self) -> tuple[Server, ...]:
        data = self.doc.data
        host = data.get("host")
        base = data.get("basePath")
        host = str(host).rstrip("/") if isinstance(host, str) and host else ""
        base = str(base) if isinstance(base, str) and base else ""
        if not host and not base:
            return ()
        if base and not base.startswith("/"):
            base = "/" + base
        schemes = data.get("schemes")
        if not isinstance(schemes, list):
            schemes = []
        schemes = [text(s, self.canon).lower() for s in schemes]
        urls = ([f"{s}://{host}{base}" for s in schemes] or [f"//{host}{base}"]) if host else [base]
        pointer = "/host" if host else "/basePath"
        return self._servers([{"url": url} for url in urls], self.doc, pointer)

    def _operation(self, path, method, raw, doc, pointer, *rest):  # type: ignore[override]
        consumes = _media_list(raw.get("consumes"), self.canon)
        produces = _media_list(raw.get("produces"), self.canon)
        self._consumes = consumes if consumes is not None else self.global_consumes or ()
        self._produces = produces if produces is not None else self.global_produces or ()
        return super()._operation(path, method, raw, doc, pointer, *rest)

    def _scheme_as_3(self, raw: dict) -> dict:
        kind = raw.get("type")
        if kind == "basic":
            return {"type": "http", "scheme": "basic"}
        if kind == "oauth2":
            spelled = text(raw.get("flow"), self.canon)
            flow = _OAUTH_FLOWS.get(spelled, spelled)
            fields = {k: raw[k] for k in ("authorizationUrl", "tokenUrl") if k in raw}
            fields["scopes"] = raw.get("scopes") if isinstance(raw.get("scopes"), dict) else {}
            return {"type": "oauth2", "flows": {flow: fields}}
        return raw

    # -- parameters ------------------------------------------------------------------------
    def _parameter_schema(self, raw: dict, doc: Document, pointer: str) -> Schema | None:
        if raw.get("schema") is not None:  # a body parameter or a response
            return self.schemas.build(raw["schema"], doc, pointer + "/schema")
        if "type" not in raw:
            return None
        return self.schemas.build(self._inline_schema(raw), doc, pointer)

    def _inline_schema(self, raw: dict) -> dict:
        schema = self._inline.get(id(raw))
        if schema is None:
            schema = self._inline[id(raw)] = _inline_schema(raw)
            if raw.get("in") == "formData" and "description" in raw:
                # A form field is a body property: its description is the property's.
                schema["description"] = raw["description"]
        return schema

    def _style(self, raw: dict, where: str) -> tuple[str, bool]:
        if raw.get("type") != "array":
            return super()._style({}, where)
        collection = text(raw.get("collectionFormat", "csv"), self.canon)
        style, explode = _COLLECTION_FORMATS.get(collection, (collection, False))
        if where in ("path", "header") and style == "form":
            style = "simple"
        return style, explode

    # -- bodies and responses --------------------------------------------------------------
    def _operation_body(
        self, raw: dict, raw_params: dict, doc: Document, pointer: str
    ) -> Body | None:
        bodies = [v for (where, _), v in raw_params.items() if where == "body"]
        form = [(name, v) for (where, name), v in raw_params.items() if where == "formData"]
        if bodies:
            param, pdoc, pptr = bodies[-1]
            schema = self._parameter_schema(param, pdoc, pptr)
            media = self._consumes or (DEFAULT_MEDIA_TYPE,)
            return Body(
                required=param.get("required") is True,
                content=self._media(media, schema, pdoc, pptr),
                location=self.loc(pdoc, pptr),
                description=self.text(param.get("description")),
            )
        if not form:
            return None
        _, fdoc, fptr = form[0][1]
        node = self.schemas.node(fdoc, fptr)
        node.types = frozenset({"object"})
        node.properties = {}
        required = set()
        has_file = False
        for name, (param, pdoc, pptr) in form:
            has_file = has_file or param.get("type") == "file"
            node.properties[name] = self._parameter_schema(param, pdoc, pptr) or self.schemas.node(
                pdoc, pptr
            )
            if param.get("required") is True:
                required.add(name)
        node.required = frozenset(required)
        media = tuple(m for m in self._consumes if m.split(";")[0] in _FORM_TYPES)
        if not media:
            media = (_FORM_TYPES[1] if has_file else _FORM_TYPES[0],)
        # An array field's collectionFormat is how it is written (csv, the default, is
        # `ids=a,b`: not OpenAPI 3's default, `ids=a&ids=b`).
        serialization = tuple(
            sorted(
                (name, *self._style(param, "query"), False)
                for name, (param, _, _) in form
                if param.get("type") == "array"
            )
        )
        return Body(
            required=bool(required),
            content=self._media(media, node, fdoc, fptr, serialization),
            location=self.loc(fdoc, fptr),
        )

    def _response_content(self, raw: dict, doc: Document, pointer: str) -> dict[str, MediaType]:
        if raw.get("schema") is None:
            return {}
        schema = self.schemas.build(raw["schema"], doc, pointer + "/schema")
        return self._media(self._produces or (DEFAULT_MEDIA_TYPE,), schema, doc, pointer)

    def _media(
        self,
        types: tuple[str, ...],
        schema: Schema | None,
        doc: Document,
        pointer: str,
        serialization: tuple[tuple[str, str, bool, bool], ...] = (),
    ) -> dict[str, MediaType]:
        location = self.loc(doc, pointer)
        return {
            media: MediaType(media, schema, location, serialization=serialization)
            for media in types
        }


def _inline_schema(raw: dict) -> dict:
    """The schema a 2.0 parameter, header or ``items`` spells inline."""
    schema = {k: raw[k] for k in _SCHEMA_KEYS if k in raw}
    if schema.get("type") == "file":
        schema["type"] = "string"
        schema["format"] = "binary"
    items = schema.get("items")
    if isinstance(items, dict) and "$ref" not in items:
        schema["items"] = _inline_schema(items)
    return schema


def _media_list(value: Any, canon: Canonical) -> tuple[str, ...] | None:
    """Normalized, de-duplicated and sorted: the order of ``produces`` is not a contract."""
    if not isinstance(value, list):
        return None
    return tuple(sorted({normalize_media_type(text(v, canon)) for v in value if v is not None}))


def load_document(doc: Document, source: Source, dialect: str, options: LoadOptions) -> Any:
    """Load a Swagger 2.0 document (already parsed) into a ``Contract``."""
    return SwaggerLoader(doc, resolver_for(doc, source, options)).load()
