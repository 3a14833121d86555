"""Make the generators' copy of clients/openapi.json.

clients/openapi.json stays exactly what the node serves. The generators read a
copy of it, in which each `#/components/schemas/NAME` reference that names no
schema of the document gets an empty schema (any value) under that name, with a
warning naming it: openapi-typescript refuses a document with a dangling
reference, and openapi-python-client drops the operation. A warning here is a
defect of the served document (a type used by a handler but not registered in
api/src/openapi.rs), to fix there; once fixed, this copy equals the original.

Two more repairs, each with a warning:

* A parameter declared `in: path` whose name is no `{template}` of its path is
  invalid OpenAPI (a path parameter must name a template expression). Every such
  parameter of the served document is a query string (utoipa `IntoParams`
  structs without `#[into_params(parameter_in = Query)]`), so the copy declares
  it `in: query`, required only when its schema admits no null and has no
  default.
* With `--python`: a property whose `default` is an object (e.g. the `customer`
  of PromoContext) loses that default, which openapi-python-client cannot
  express for a model ("ModelProperty cannot have a default value") and would
  otherwise drop the schema and every operation using it. The server applies
  its defaults itself; the client just omits the field.
* With `--python`: a free-form object property (`{"type": "object"}`) of an
  inline `oneOf` variant (the `payload` of Discount's `custom` variant) is
  typed as any value: openapi-python-client otherwise fails with "duplicate
  models with name DiscountType11Payload", drops the variant, and then cannot
  parse any Coupon (it imports the dropped model).

* An operationId must be unique in a document; utoipa names each operation
  after its handler function, so `create`, `list`, `get_one`, ... name many.
  openapi-typescript then types one path with another's operation (POST
  /coupons would answer a campaign), and openapi-python-client writes one
  module per operationId and tag, the last of a tag's twins overwriting the
  others. In the copy, a duplicated operationId becomes `TAG_ID` (for the
  Python client, which scopes names by tag, only when the twins share a tag),
  and twins sharing the tag too get names from their method and path
  (`post_redemptions_locks_lock_reference_confirm`).

Usage: prepare_document.py [--python] IN OUT
"""

import json
import re
import sys

PREFIX = "#/components/schemas/"


def dangling(document):
    schemas = document.get("components", {}).get("schemas", {})
    found = {}

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str) and value.startswith(PREFIX):
                    name = value[len(PREFIX):]
                    if name not in schemas:
                        found.setdefault(name, []).append(path)
                else:
                    walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}/{index}")

    walk(document, "#")
    return found


def nullable(schema):
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(nullable(s) for s in schema.get("oneOf", []) + schema.get("anyOf", []))


def query_parameters(document):
    """Moves each path parameter that names no template of its path to the query."""
    report = []
    for path, item in document.get("paths", {}).items():
        templates = set(re.findall(r"\{([^}]+)\}", path))
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            moved = []
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") not in templates:
                    schema = parameter.get("schema", {})
                    parameter["in"] = "query"
                    parameter["required"] = not nullable(schema) and "default" not in schema
                    moved.append(parameter["name"])
            if moved:
                report.append(f"{method.upper()} {path} ({', '.join(moved)})")
    if report:
        print(
            f"warning: {len(report)} operations declare query strings as path parameters "
            f"(no template of the path names them); the copy moves them to the query: {'; '.join(report)}",
            file=sys.stderr,
        )


def path_name(method, path):
    rest = re.sub(r"^/v1/promotions/?", "", path)
    rest = re.sub(r"[^A-Za-z0-9]+", "_", rest).strip("_")
    return f"{method}_{rest}"


def unique_operation_ids(document, python):
    """Renames the operations whose operationId is not unique (see above)."""
    operations = [
        (method, path, operation)
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    ]

    def tag(operation):
        return (operation.get("tags") or ["default"])[0]

    by_id, by_tag_id = {}, {}
    for method, path, operation in operations:
        by_id.setdefault(operation["operationId"], []).append(operation)
        by_tag_id.setdefault((tag(operation), operation["operationId"]), []).append(operation)
    renamed = []
    for method, path, operation in operations:
        old = operation["operationId"]
        if len(by_tag_id[(tag(operation), old)]) > 1:
            new = path_name(method, path)
        elif len(by_id[old]) > 1 and not python:
            new = f"{tag(operation)}_{old}"
        else:
            continue
        operation["operationId"] = new
        renamed.append(old)
    if renamed:
        print(
            f"warning: operationIds used by more than one operation: {', '.join(sorted(set(renamed)))}; "
            f"the copy renames {len(renamed)} operations",
            file=sys.stderr,
        )


def object_defaults(node, path="#"):
    """Drops each object-valued `default` of a property (see --python)."""
    if isinstance(node, dict):
        if isinstance(node.get("default"), dict) and path.split("/")[-2:-1] == ["properties"]:
            del node["default"]
            print(f"note: for openapi-python-client, {path} loses its object default", file=sys.stderr)
        for key, value in node.items():
            object_defaults(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            object_defaults(value, f"{path}/{index}")


def free_form_variant_properties(node, path="#"):
    """Types free-form object properties of inline oneOf variants as any (see --python)."""
    if isinstance(node, dict):
        for index, variant in enumerate(node.get("oneOf", [])):
            for name, schema in (variant.get("properties") or {}).items() if isinstance(variant, dict) else ():
                if isinstance(schema, dict) and schema.get("type") == "object" and not (
                    set(schema) - {"type", "description"}
                ):
                    variant["properties"][name] = {k: v for k, v in schema.items() if k != "type"}
                    print(f"note: for openapi-python-client, {path}/oneOf/{index}/properties/{name} is typed as any value", file=sys.stderr)
        for key, value in node.items():
            free_form_variant_properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            free_form_variant_properties(value, f"{path}/{index}")


def main():
    args = sys.argv[1:]
    python = "--python" in args
    source, target = [a for a in args if a != "--python"]
    with open(source, encoding="utf-8") as f:
        document = json.load(f)
    query_parameters(document)
    unique_operation_ids(document, python)
    if python:
        object_defaults(document)
        free_form_variant_properties(document)
    missing = dangling(document)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, paths in sorted(missing.items()):
        print(
            f"warning: the document refers to {PREFIX}{name}, which it does not define "
            f"(at {paths[0]}{' and %d more' % (len(paths) - 1) if len(paths) > 1 else ''}); "
            "the generated clients type it as any value",
            file=sys.stderr,
        )
        schemas[name] = {"description": f"Not defined by the served document ({name})."}
    with open(target, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
