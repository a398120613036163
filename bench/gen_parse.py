#!/usr/bin/env python3
"""Writes a valid Strata file of about N lines (default 100,000) that uses every
kind of declaration and expression, for the parser benchmark.

usage: gen_parse.py [LINES] > big.strata
"""
import sys

lines_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = ["/// Log verbosity.", "enum Level { debug, info, warn, error }", "",
       "schema Component { owner: string = \"platform\" }", "",
       "type Limits = { cpu: range<cpu>, memory: range<memory> }", ""]
i = 0
while len(out) < lines_wanted:
    out += [
        f"/// Settings of component {i}.",
        f"schema Component{i} extends Component {{",
        f'  name: string matches /^[a-z0-9-]+$/ = "component-{i}"',
        f"  port: int in 1..65535 = {8000 + i % 1000}",
        f"  level: Level = .info",
        "  pool: { min: int in 0..100 = 2, max: int in 1..500 = 10 }",
        "  tags: [string] len 0..16 = []",
        "  check pool.min <= pool.max : \"pool.min must not exceed pool.max\"",
        f"  fn url(path: string) -> string = \"http://${{name}}:${{port}}${{path}}\"",
        "}",
        "",
        f"let limits_{i}: Limits = {{ cpu = {100 + i % 7 * 50}m..{500 + i % 3 * 250}m, memory = {128 * (1 + i % 4)}Mi..1Gi }}",
        f"let replicas_{i} = if {i} % 2 == 0 then 2..{4 + i % 5} else 1..3",
        f"let names_{i} = [for n in [\"a\", \"b\", \"c\"] if n != \"b\" => \"${{n}}-{i}\"]",
        f"env env_{i}: Component{i} {{",
        f"  port = {9000 + i % 500}",
        f"  level = match {i} % 3 {{ 0 => .debug, 1 => .warn, _ => .info }}",
        f"  tags = [\"team-{i % 17}\", \"tier-{i % 3}\"]",
        "  pool.max = 20 * 2 + 1",
        "}",
        "",
    ]
    i += 1
sys.stdout.write("\n".join(out) + "\n")
