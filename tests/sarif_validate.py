#!/usr/bin/env python3
"""Validates SARIF logs against the OASIS SARIF 2.1.0 schema (testdata/sarif), formats included.

usage: sarif_validate.py SCHEMA LOG...   exit 0 valid, 1 invalid, 77 jsonschema missing (skip)
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3 jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(77)


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    # uri / uri-reference formats need rfc3987 or rfc3986-validator; without them jsonschema skips
    # the check silently, so check those two formats here with the standard library as well.
    checker = jsonschema.FormatChecker()
    validator = jsonschema.Draft4Validator(schema, format_checker=checker)
    bad = 0
    for path in sys.argv[2:]:
        log = json.load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
        for e in errors:
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        bad += len(errors)
        bad += check_uris(path, log)
        if not errors:
            runs = log.get("runs") or []
            print(f"{path}: valid SARIF {log.get('version')} ({len(runs)} run(s), "
                  f"{sum(len(r.get('results') or []) for r in runs)} result(s))")
    sys.exit(1 if bad else 0)


def check_uris(path, log):
    """artifactLocation.uri must be an RFC 3986 URI reference: no spaces, no raw reserved garbage."""
    import re
    import urllib.parse
    uri_ref = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
    bad = 0
    def walk(node):
        nonlocal bad
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "artifactLocation" and isinstance(v, dict) and "uri" in v:
                    uri = v["uri"]
                    pct_ok = all(re.fullmatch(r"%[0-9A-Fa-f]{2}", m) for m in re.findall(r"%.{0,2}", uri))
                    if not uri_ref.match(uri) or not pct_ok:
                        print(f"{path}: bad uri-reference {uri!r}")
                        bad += 1
                    urllib.parse.urlsplit(uri)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(log)
    return bad


if __name__ == "__main__":
    main()
