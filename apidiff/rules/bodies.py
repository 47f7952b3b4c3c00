"""Rules about request bodies and the media types of bodies and parameters."""

from __future__ import annotations

from ..diff.change import Change
from ..model import Direction
from .catalog import rule


def _request(change: Change) -> bool:
    return change.direction is Direction.REQUEST


def _param(change: Change) -> bool:
    return change.info.get("kind") == "parameter"


@rule(
    "request-body-added-required",
    "breaking",
    "body.added",
    "a required request body was added",
    migration="Send a request body with every call to {operation}.",
    mirror="request-body-removed",
    area="bodies",
)
def request_body_added_required(change: Change) -> bool:
    """An operation that took no body now requires one.

    ### What it detects
    `requestBody` appears with `required: true`.

    ### Why it matters to clients
    Calls without a body are rejected.
    """
    return _request(change) and bool(change.info.get("required"))


@rule(
    "request-body-added-optional",
    "safe",
    "body.added",
    "an optional request body was added",
    mirror="request-body-removed",
    area="bodies",
)
def request_body_added_optional(change: Change) -> bool:
    """An optional request body was added.

    ### What it detects
    `requestBody` appears, not required.

    ### Why it matters to clients
    Existing calls keep working.
    """
    return _request(change)


@rule(
    "request-body-removed",
    "breaking",
    "body.removed",
    "the request body was removed",
    migration="Stop sending a body to {operation}; pass the data as the new contract says.",
    mirror="request-body-added-optional",
    area="bodies",
)
def request_body_removed(change: Change) -> bool:
    """An operation no longer takes a request body.

    ### What it detects
    `requestBody` disappears.

    ### Why it matters to clients
    Clients keep sending a body the server no longer reads: the data they send is lost or
    the call is rejected.
    """
    return _request(change)


@rule(
    "response-body-added",
    "safe",
    "body.added",
    "{where} was added",
    mirror="response-body-removed",
    area="bodies",
)
def response_body_added(change: Change) -> bool:
    """A webhook or callback now sends a payload (the consumer receives it).

    ### What it detects
    In a webhook or callback, where the API sends the request, a request body appears.

    ### Why it matters to clients
    Consumers receive more data; nothing breaks.

    ### Notes
    Webhooks and callbacks reverse the roles: their request bodies are judged as responses.
    """
    return not _request(change)


@rule(
    "response-body-removed",
    "breaking",
    "body.removed",
    "{where} was removed",
    migration="Stop reading the payload of {operation}: the API no longer sends it.",
    mirror="response-body-added",
    area="bodies",
)
def response_body_removed(change: Change) -> bool:
    """A webhook or callback no longer sends its payload.

    ### What it detects
    In a webhook or callback, the request body disappears.

    ### Why it matters to clients
    Consumers that read the payload get nothing.

    ### Notes
    Webhooks and callbacks reverse the roles.
    """
    return not _request(change)


@rule(
    "request-body-became-required",
    "breaking",
    "body.became-required",
    "the request body became required",
    migration="Send a request body with every call to {operation}.",
    mirror="request-body-became-optional",
    area="bodies",
)
def request_body_became_required(change: Change) -> bool:
    """An optional request body became required.

    ### What it detects
    `requestBody.required` goes from false to true.

    ### Why it matters to clients
    Calls without a body are rejected.
    """
    return _request(change)


@rule(
    "request-body-became-optional",
    "safe",
    "body.became-optional",
    "the request body became optional",
    mirror="request-body-became-required",
    area="bodies",
)
def request_body_became_optional(change: Change) -> bool:
    """A required request body became optional.

    ### What it detects
    `requestBody.required` goes from true to false.

    ### Why it matters to clients
    Nothing breaks.
    """
    return _request(change)


@rule(
    "response-body-became-optional",
    "breaking",
    "body.became-optional",
    "{where} became optional",
    migration="Handle calls of {operation} that arrive without a payload.",
    mirror="response-body-became-required",
    area="bodies",
)
def response_body_became_optional(change: Change) -> bool:
    """A webhook or callback payload became optional.

    ### What it detects
    In a webhook or callback, `requestBody.required` goes from true to false.

    ### Why it matters to clients
    Consumers may now receive calls without a payload.

    ### Notes
    Webhooks and callbacks reverse the roles.
    """
    return not _request(change)


@rule(
    "response-body-became-required",
    "safe",
    "body.became-required",
    "{where} became required",
    mirror="response-body-became-optional",
    area="bodies",
)
def response_body_became_required(change: Change) -> bool:
    """A webhook or callback payload became required.

    ### What it detects
    In a webhook or callback, `requestBody.required` goes from false to true.

    ### Why it matters to clients
    Consumers always get a payload now; nothing breaks.
    """
    return not _request(change)


@rule(
    "request-parameter-media-type-removed",
    "breaking",
    "body.media-type-removed",
    "{where}: media type {old} removed",
    migration="Serialize {where} as one of the media types NEW lists.",
    mirror="request-parameter-media-type-added",
    area="parameters",
)
def request_parameter_media_type_removed(change: Change) -> bool:
    """A media type was removed from a parameter's `content`.

    ### What it detects
    A parameter described with `content` loses a media type.

    ### Why it matters to clients
    Values serialized that way are no longer understood.
    """
    return _param(change)


@rule(
    "request-parameter-media-type-added",
    "safe",
    "body.media-type-added",
    "{where}: media type {new} added",
    mirror="request-parameter-media-type-removed",
    area="parameters",
)
def request_parameter_media_type_added(change: Change) -> bool:
    """A media type was added to a parameter's `content`.

    ### What it detects
    A parameter described with `content` gains a media type.

    ### Why it matters to clients
    Nothing breaks.
    """
    return _param(change)


@rule(
    "request-parameter-media-type-changed",
    "dangerous",
    "body.media-type-changed",
    "{where}: media type changed from {old} to {new}",
    migration="Serialize {where} as {new}.",
    mirror_waiver="a change of media type parameters is its own mirror",
    area="parameters",
)
def request_parameter_media_type_changed(change: Change) -> bool:
    """The parameters of a parameter's media type changed (e.g. a charset).

    ### What it detects
    Same media type essence, different parameters.

    ### Why it matters to clients
    Usually harmless; a strict server may reject the old form.
    """
    return _param(change)


@rule(
    "request-body-media-type-removed",
    "breaking",
    "body.media-type-removed",
    "{where}: media type {old} removed",
    migration="Send the body of {operation} as one of the media types NEW accepts instead of "
    "{old}.",
    mirror="request-body-media-type-added",
    area="bodies",
)
def request_body_media_type_removed(change: Change) -> bool:
    """A request body no longer accepts a media type.

    ### What it detects
    A media type in `requestBody.content` of OLD is not in NEW.

    ### Why it matters to clients
    Clients sending that media type get 415 Unsupported Media Type.

    ### Notes
    Media types compare with their parameters normalized (case, spacing, order).
    """
    return _request(change)


@rule(
    "request-body-media-type-added",
    "safe",
    "body.media-type-added",
    "{where}: media type {new} added",
    mirror="request-body-media-type-removed",
    area="bodies",
)
def request_body_media_type_added(change: Change) -> bool:
    """A request body accepts a new media type.

    ### What it detects
    A media type in `requestBody.content` of NEW only.

    ### Why it matters to clients
    Nothing breaks.
    """
    return _request(change)


@rule(
    "request-body-part-media-type-removed",
    "breaking",
    "body.part-media-type-removed",
    "{where}: content type {old} removed",
    migration="Send {where} of {operation} in one of the content types NEW lists, not {old}.",
    mirror="response-body-part-media-type-added",
    area="bodies",
)
def request_body_part_media_type_removed(change: Change) -> bool:
    """A part of a multipart request body may no longer be sent in a content type.

    ### What it detects
    The content types a part of a `multipart/*` request body (or a field of an
    `application/x-www-form-urlencoded` one: its value is that type's text, JSON for
    `application/json`) may have: its `encoding.<property>.contentType` (a comma-separated
    list, wildcards such as `image/*` allowed), or, where none is written, the default
    OpenAPI gives the property
    (`application/octet-stream` for a binary string, `application/json` for an object,
    `text/plain` for any other value, an array's by its items, 3.1's `contentMediaType`).
    One that OLD allows and NEW does not, nor covers with a wildcard.

    ### Why it matters to clients
    A client that uploads that part in that type (a JPEG where only PNG is allowed now) gets
    its request rejected.

    ### Notes
    Writing out the default (`contentType: application/json` on an object part) or
    reordering the list changes nothing. A part whose type cannot be told (no `encoding` and
    a schema that does not say its type) is not compared, nor is a part or field that no
    `encoding` entry names on either side.
    """
    return _request(change)


@rule(
    "request-body-part-media-type-added",
    "safe",
    "body.part-media-type-added",
    "{where}: content type {new} added",
    mirror="response-body-part-media-type-removed",
    area="bodies",
)
def request_body_part_media_type_added(change: Change) -> bool:
    """A part of a multipart request body may be sent in a new content type.

    ### What it detects
    A content type a part of a `multipart/*` request body allows in NEW only (see
    `request-body-part-media-type-removed` for how a part's types are read).

    ### Why it matters to clients
    Nothing breaks: every part sent today is still accepted.
    """
    return _request(change)


@rule(
    "response-body-part-media-type-added",
    "dangerous",
    "body.part-media-type-added",
    "{where}: content type {new} added",
    migration="Make your client read {where} of {operation} in {new} too.",
    mirror="request-body-part-media-type-removed",
    area="responses",
)
def response_body_part_media_type_added(change: Change) -> bool:
    """A part of a multipart response may come in a new content type.

    ### What it detects
    A content type a part of a `multipart/*` response allows in NEW only (see
    `request-body-part-media-type-removed` for how a part's types are read).

    ### Why it matters to clients
    There is no content negotiation for a part: the server picks among the types listed, so
    a client may now receive the part in a type it does not parse. Clients that check each
    part's `Content-Type` and handle what they do not know keep working; that is why it is
    dangerous rather than breaking, as a new enum value in a response is.
    """
    return not _request(change)


@rule(
    "response-body-part-media-type-removed",
    "safe",
    "body.part-media-type-removed",
    "{where}: content type {old} removed",
    mirror="request-body-part-media-type-added",
    area="responses",
)
def response_body_part_media_type_removed(change: Change) -> bool:
    """A part of a multipart response no longer comes in a content type.

    ### What it detects
    A content type a part of a `multipart/*` response allows in OLD only.

    ### Why it matters to clients
    Nothing breaks: clients receive fewer kinds of part, all of which they handled.
    """
    return not _request(change)


@rule(
    "request-body-field-style-changed",
    "breaking",
    "body.field-style.changed",
    "{where}: serialization style changed from {old} to {new}",
    migration="Write {where} of {operation} with style {new} instead of {old}.",
    mirror="response-body-field-style-changed",
    area="bodies",
)
def request_body_field_style_changed(change: Change) -> bool:
    """A field of a form request body is written in another `style`.

    ### What it detects
    A field of an `application/x-www-form-urlencoded` request body (or `multipart/form-data`
    from OpenAPI 3.1 on, and in Swagger 2.0; 3.0 writes a part by its `contentType` and
    ignores `style`) whose effective `style` differs: `encoding.<field>.style`, or a Swagger
    2.0 array's `collectionFormat` (`csv` and `multi` are `form`, `ssv` `spaceDelimited`,
    `pipes` `pipeDelimited`). A field without one is written `style: form, explode: true`,
    as a query parameter is.

    ### Why it matters to clients
    An array or object field is written differently (`ids=a,b`, `ids=a|b`, `ids=a ids=b`):
    the server no longer parses what clients send.

    ### Notes
    Writing out the default is no change. A new style is one finding, whatever `explode`
    does with it. A field that only ever holds one primitive value is written `name=value`
    in every style: `request-body-field-style-changed-for-scalar` (safe).
    """
    return _request(change) and not change.info.get("scalar")


@rule(
    "response-body-field-style-changed",
    "breaking",
    "body.field-style.changed",
    "{where}: serialization style changed from {old} to {new}",
    migration="Read {where} of {operation} with style {new} instead of {old}.",
    mirror="request-body-field-style-changed",
    area="responses",
)
def response_body_field_style_changed(change: Change) -> bool:
    """A field of a form the API sends (a webhook's request, a form response) is written in
    another `style`.

    ### What it detects
    As `request-body-field-style-changed`, in what the API sends.

    ### Why it matters to clients
    Clients parse the field as it was written: an array now comes separated otherwise.
    """
    return not _request(change) and not change.info.get("scalar")


@rule(
    "request-body-field-style-changed-for-scalar",
    "safe",
    "body.field-style.changed",
    "{where}: serialization style changed from {old} to {new}; a single primitive value is "
    "written the same in either",
    mirror="response-body-field-style-changed-for-scalar",
    area="bodies",
)
def request_body_field_style_changed_for_scalar(change: Change) -> bool:
    """A form request field that only ever holds one primitive value is given another
    `style`.

    ### What it detects
    The effective `style` of a form field differs, and the field is a string, number,
    integer or boolean in both versions (or only alternatives of those: `anyOf: [string,
    {enum: ['']}]`).

    ### Why it matters to clients
    It does not: the styles a form field may have (`form`, `spaceDelimited`,
    `pipeDelimited`, `deepObject`) differ for arrays and objects only, and `name=value` is
    written the same in each. Stripe's contract gives such fields `style: deepObject` when a
    string becomes "a string or empty"; a naive tool calls every style change breaking.
    """
    return _request(change) and bool(change.info.get("scalar"))


@rule(
    "response-body-field-style-changed-for-scalar",
    "safe",
    "body.field-style.changed",
    "{where}: serialization style changed from {old} to {new}; a single primitive value is "
    "written the same in either",
    mirror="request-body-field-style-changed-for-scalar",
    area="responses",
)
def response_body_field_style_changed_for_scalar(change: Change) -> bool:
    """A form field the API sends that only ever holds one primitive value is given another
    `style`.

    ### What it detects
    As `request-body-field-style-changed-for-scalar`, in what the API sends.

    ### Why it matters to clients
    It does not: one primitive value is written the same in every form style.
    """
    return not _request(change) and bool(change.info.get("scalar"))


@rule(
    "request-body-field-explode-changed",
    "breaking",
    "body.field-explode.changed",
    "{where}: explode changed from {old} to {new}",
    migration="Write {where} of {operation} with explode={new}.",
    mirror="response-body-field-explode-changed",
    area="bodies",
)
def request_body_field_explode_changed(change: Change) -> bool:
    """A field of a form request body changed its `explode` flag.

    ### What it detects
    The effective `explode` of a form field differs, its `style` being the same (defaults
    filled in first; a Swagger 2.0 array's `collectionFormat` `csv` is `explode: false`,
    `multi` `explode: true`).

    ### Why it matters to clients
    An array or object field is written differently (`ids=a,b` vs `ids=a&ids=b`): the server
    no longer parses what clients send. A Swagger 2.0 contract converted to OpenAPI 3 hits
    this when its `csv` arrays lose their `explode: false`: 3's default is `true`.

    ### Notes
    A field that only ever holds one primitive value is written the same either way:
    `request-body-field-explode-changed-for-scalar` (safe).
    """
    return _request(change) and not change.info.get("scalar")


@rule(
    "request-body-field-explode-changed-for-scalar",
    "safe",
    "body.field-explode.changed",
    "{where}: explode changed from {old} to {new}; a single primitive value is written the "
    "same either way",
    mirror="response-body-field-explode-changed-for-scalar",
    area="bodies",
)
def request_body_field_explode_changed_for_scalar(change: Change) -> bool:
    """A form request field that only ever holds one primitive value changed its `explode`.

    ### What it detects
    The effective `explode` of a form field differs, and the field is a string, number,
    integer or boolean (or alternatives of those) in both versions.

    ### Why it matters to clients
    It does not: `id=5` is written the same with and without `explode`.
    """
    return _request(change) and bool(change.info.get("scalar"))


@rule(
    "response-body-field-explode-changed",
    "breaking",
    "body.field-explode.changed",
    "{where}: explode changed from {old} to {new}",
    migration="Read {where} of {operation} with explode={new}.",
    mirror="request-body-field-explode-changed",
    area="responses",
)
def response_body_field_explode_changed(change: Change) -> bool:
    """A field of a form the API sends changed its `explode` flag.

    ### What it detects
    As `request-body-field-explode-changed`, in what the API sends (a webhook's request, a
    form response).

    ### Why it matters to clients
    An array field now comes as `ids=a&ids=b` instead of `ids=a,b` (or back): clients that
    parse it as it was read one value, or a joined one.
    """
    return not _request(change) and not change.info.get("scalar")


@rule(
    "response-body-field-explode-changed-for-scalar",
    "safe",
    "body.field-explode.changed",
    "{where}: explode changed from {old} to {new}; a single primitive value is written the "
    "same either way",
    mirror="request-body-field-explode-changed-for-scalar",
    area="responses",
)
def response_body_field_explode_changed_for_scalar(change: Change) -> bool:
    """A form field the API sends that only ever holds one primitive value changed its
    `explode`.

    ### What it detects
    As `request-body-field-explode-changed-for-scalar`, in what the API sends.

    ### Why it matters to clients
    It does not: one primitive value is written the same either way.
    """
    return not _request(change) and bool(change.info.get("scalar"))


@rule(
    "request-body-field-became-not-allow-reserved",
    "breaking",
    "body.field-allow-reserved.changed",
    "{where} no longer allows reserved characters unencoded",
    migration="Percent-encode reserved characters in {where} of {operation}.",
    mirror="response-body-field-became-allow-reserved",
    area="bodies",
)
def request_body_field_became_not_allow_reserved(change: Change) -> bool:
    """A field of a form request body no longer accepts unencoded reserved characters.

    ### What it detects
    `encoding.<field>.allowReserved` goes from true to false.

    ### Why it matters to clients
    Values with `/?#[]@!$&'()*+,;=` sent raw are now read differently (an `&` ends the
    field).
    """
    return _request(change) and change.old is True


@rule(
    "request-body-field-became-allow-reserved",
    "safe",
    "body.field-allow-reserved.changed",
    "{where} now allows reserved characters unencoded",
    mirror="response-body-field-became-not-allow-reserved",
    area="bodies",
)
def request_body_field_became_allow_reserved(change: Change) -> bool:
    """A field of a form request body now accepts unencoded reserved characters.

    ### What it detects
    `encoding.<field>.allowReserved` goes from false to true.

    ### Why it matters to clients
    Nothing breaks: percent-encoded values read as before.
    """
    return _request(change) and change.new is True


@rule(
    "response-body-field-became-allow-reserved",
    "dangerous",
    "body.field-allow-reserved.changed",
    "{where} may now carry reserved characters unencoded",
    migration="Make your client read {where} of {operation} with reserved characters as they "
    "come (`/`, `:`, `+` unencoded).",
    mirror="request-body-field-became-not-allow-reserved",
    area="responses",
)
def response_body_field_became_allow_reserved(change: Change) -> bool:
    """A field of a form the API sends may now carry reserved characters unencoded.

    ### What it detects
    `encoding.<field>.allowReserved` goes from false to true in what the API sends (a
    webhook's request, a form response).

    ### Why it matters to clients
    A consumer that decodes the form as before reads most values the same, but one whose
    parser treats a raw `+` as a space, or splits on a raw `&`, may misread some: dangerous,
    not breaking.
    """
    return not _request(change) and change.new is True


@rule(
    "response-body-field-became-not-allow-reserved",
    "safe",
    "body.field-allow-reserved.changed",
    "{where} no longer carries reserved characters unencoded",
    mirror="request-body-field-became-allow-reserved",
    area="responses",
)
def response_body_field_became_not_allow_reserved(change: Change) -> bool:
    """A field of a form the API sends is now fully percent-encoded.

    ### What it detects
    `encoding.<field>.allowReserved` goes from true to false in what the API sends.

    ### Why it matters to clients
    Nothing breaks: every form parser decodes percent-encoding.
    """
    return not _request(change) and change.old is True


@rule(
    "request-body-media-type-changed",
    "dangerous",
    "body.media-type-changed",
    "{where}: media type changed from {old} to {new}",
    migration="Send the body as {new}.",
    mirror="response-media-type-changed",
    area="bodies",
)
def request_body_media_type_changed(change: Change) -> bool:
    """A request media type's parameters changed (same type, e.g. a charset added).

    ### What it detects
    `application/json` becomes `application/json; charset=utf-8` or similar.

    ### Why it matters to clients
    Usually harmless; a strict server may reject the old `Content-Type`.
    """
    return _request(change)


@rule(
    "response-media-type-removed",
    "breaking",
    "body.media-type-removed",
    "{where}: media type {old} removed",
    migration="Ask {operation} for one of the media types NEW lists instead of {old}, and "
    "parse that.",
    mirror="response-media-type-added",
    area="responses",
)
def response_media_type_removed(change: Change) -> bool:
    """A response no longer offers a media type.

    ### What it detects
    A media type of a response's `content` in OLD is not in NEW.

    ### Why it matters to clients
    Clients that ask for it (`Accept`) or parse it stop getting it.
    """
    return not _request(change)


@rule(
    "response-media-type-added",
    "safe",
    "body.media-type-added",
    "{where}: media type {new} added",
    mirror="response-media-type-removed",
    area="responses",
)
def response_media_type_added(change: Change) -> bool:
    """A response offers a new media type.

    ### What it detects
    A media type of a response's `content` in NEW only.

    ### Why it matters to clients
    Content negotiation means clients only get it when they ask for it.
    """
    return not _request(change)


@rule(
    "response-media-type-changed",
    "dangerous",
    "body.media-type-changed",
    "{where}: media type changed from {old} to {new}",
    migration="Accept {new} from {operation}.",
    mirror="request-body-media-type-changed",
    area="responses",
)
def response_media_type_changed(change: Change) -> bool:
    """A response media type's parameters changed (same type, e.g. a charset).

    ### What it detects
    `application/json` becomes `application/json; charset=utf-8` or similar.

    ### Why it matters to clients
    Usually harmless; clients that compare `Content-Type` exactly may fail.
    """
    return not _request(change)


# -- a media type that gains or loses its schema --------------------------------------------
@rule(
    "request-body-media-type-schema-added",
    "breaking",
    "body.media-type-schema-added",
    "{where}: media type {new} now has a schema; the body must match it",
    migration="Send a body of {operation} that matches the schema NEW gives for {new}.",
    mirror="response-body-media-type-schema-added",
    area="bodies",
)
def request_body_media_type_schema_added(change: Change) -> bool:
    """A request media type that accepted any value now has a schema.

    ### What it detects
    `requestBody.content.<media type>` has no `schema` in OLD and one in NEW.

    ### Why it matters to clients
    The server accepted any body of that media type; now bodies that do not match the schema
    may be rejected.

    ### Notes
    A media type without a `schema` describes any value. One that gains (loses) a schema
    is reported once, under oasdiff's id, not as each keyword of the schema compared with
    "anything". A schema that accepts everything (`{}`) is no change.
    """
    return _request(change)


@rule(
    "request-body-media-type-schema-removed",
    "safe",
    "body.media-type-schema-removed",
    "{where}: media type {old} no longer has a schema; any value is accepted",
    mirror="response-body-media-type-schema-removed",
    area="bodies",
)
def request_body_media_type_schema_removed(change: Change) -> bool:
    """A request media type lost its schema: it accepts any value.

    ### What it detects
    `requestBody.content.<media type>` has a `schema` in OLD and none in NEW.

    ### Why it matters to clients
    Every body that was valid still is.

    ### Notes
    A media type without a `schema` describes any value. One that gains (loses) a schema
    is reported once, under oasdiff's id, not as each keyword of the schema compared with
    "anything". A schema that accepts everything (`{}`) is no change.
    """
    return _request(change)


@rule(
    "response-body-media-type-schema-added",
    "safe",
    "body.media-type-schema-added",
    "{where}: media type {new} now has a schema",
    mirror="request-body-media-type-schema-added",
    area="bodies",
)
def response_body_media_type_schema_added(change: Change) -> bool:
    """A response media type that promised nothing now has a schema.

    ### What it detects
    `responses.<status>.content.<media type>` has no `schema` in OLD and one in NEW.

    ### Why it matters to clients
    Nothing breaks: the server now says what it sends.

    ### Notes
    A media type without a `schema` describes any value. One that gains (loses) a schema
    is reported once, under oasdiff's id, not as each keyword of the schema compared with
    "anything". A schema that accepts everything (`{}`) is no change.
    """
    return not _request(change)


@rule(
    "response-body-media-type-schema-removed",
    "breaking",
    "body.media-type-schema-removed",
    "{where}: media type {old} no longer has a schema; any value may come",
    migration="Do not rely on the shape {operation} used to promise for {old}: validate what "
    "you read.",
    mirror="request-body-media-type-schema-removed",
    area="bodies",
)
def response_body_media_type_schema_removed(change: Change) -> bool:
    """A response media type lost its schema: the server no longer promises a shape.

    ### What it detects
    `responses.<status>.content.<media type>` has a `schema` in OLD and none in NEW.

    ### Why it matters to clients
    Clients parse what the old schema promised; the contract now allows any value there, as a
    type widened to "any" does (`response-body-type-generalized`, breaking).

    ### Notes
    A media type without a `schema` describes any value. One that gains (loses) a schema
    is reported once, under oasdiff's id, not as each keyword of the schema compared with
    "anything". A schema that accepts everything (`{}`) is no change.
    """
    return not _request(change)
