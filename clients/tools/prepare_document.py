"""Make the generators' copy of clients/openapi.json.

clients/openapi.json stays exactly what the node serves. Before anything is
generated, the document is checked for the defects that make generators write
wrong clients, and any found fails the run (fix them in the service, in
api/src/openapi*.rs or the handlers' annotations):

* a `#/components/schemas/NAME` reference that names no schema (a type used by
  a handler but not registered in api/src/openapi.rs);
* a parameter declared `in: path` that no `{template}` of its path names (an
  `IntoParams` struct without `#[into_params(parameter_in = Query)]`);
* an operationId used by more than one operation.

The Python generator then reads a copy with two repairs for its own limits
(the document itself is valid there), each with a warning:

* a property whose `default` is an object (e.g. the `customer` of
  PromoContext) loses that default, which openapi-python-client cannot express
  for a model ("ModelProperty cannot have a default value") and would
  otherwise drop the schema and every operation using it. The server applies
  its defaults itself; the client just omits the field.
* a free-form object property (`{"type": "object"}`) of an inline `oneOf`
  variant (the `payload` of Discount's `custom` variant) is typed as any
  value: openapi-python-client otherwise fails with "duplicate models with
  name DiscountType11Payload", drops the variant, and then cannot parse any
  Coupon (it imports the dropped model).

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


def misplaced_path_parameters(document):
    """Operations with a path parameter that no template of the path names."""
    found = []
    for path, item in document.get("paths", {}).items():
        templates = set(re.findall(r"\{([^}]+)\}", path))
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            names = [
                p.get("name")
                for p in operation.get("parameters", [])
                if p.get("in") == "path" and p.get("name") not in templates
            ]
            if names:
                found.append(f"{method.upper()} {path} ({', '.join(names)})")
    return found


def shared_operation_ids(document):
    """operationIds used by more than one operation."""
    seen, shared = set(), set()
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                op_id = operation["operationId"]
                (shared if op_id in seen else seen).add(op_id)
    return sorted(shared)


def defects(document):
    """What makes the document unfit to generate clients from."""
    found = [
        f"the document refers to {PREFIX}{name}, which it does not define (at {paths[0]})"
        for name, paths in sorted(dangling(document).items())
    ]
    found += [
        f"a query string declared as a path parameter: {where}"
        for where in misplaced_path_parameters(document)
    ]
    found += [f"operationId {op_id} is used more than once" for op_id in shared_operation_ids(document)]
    return found


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
    found = defects(document)
    for defect in found:
        print(f"error: {defect}", file=sys.stderr)
    if found:
        sys.exit(1)
    if python:
        object_defaults(document)
        free_form_variant_properties(document)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
