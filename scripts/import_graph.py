"""Draws the package import graph of `pos` (docs/import-graph.svg) from the code itself.

    .venv/bin/python scripts/import_graph.py            # needs Graphviz's `dot` (apt-get install graphviz)

One box per package (services by aggregate, drawn inside one frame), one arrow per "imports at least
once"; the layers of pyproject.toml's import-linter contract are drawn top to bottom. Arrows from the
edges (ui, cli) into services are drawn once, to the frame; arrows to pos.errors are left out
(every layer raises its errors).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "import-graph.svg"
EDGES = ("pos.ui", "pos.cli")
RANKS = [["pos.ui", "pos.cli"], ["pos.services"], ["pos.printing", "pos.db"], ["pos.loyalty"],
         ["pos.config", "pos.vocabulary"], ["pos.money", "pos.clock", "pos.files", "pos.logs"], ["pos.errors"]]


def box(module: str) -> str:
    """pos.services.members.lookup -> pos.services.members; pos.ui.manager.x -> pos.ui."""
    parts = module.split(".")
    return ".".join(parts[:3]) if parts[1] == "services" and len(parts) >= 3 else ".".join(parts[:2])


def edges(graph) -> set[tuple[str, str]]:
    found = set()
    for module in graph.modules:
        if not module.startswith("pos."):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("pos.") and box(module) != box(imported):
                found.add((box(module), box(imported)))
    return found


def dot_source(found: set[tuple[str, str]]) -> str:
    edges_ = {(a, "pos.services" if a in EDGES and b.startswith("pos.services") else b)
              for a, b in found if b != "pos.errors"}
    nodes = sorted({n for edge in found for n in edge})
    services = [n for n in nodes if n.startswith("pos.services")]
    lines = ["digraph pos {", "  compound=true; rankdir=TB; nodesep=0.25; ranksep=0.6;",
             "  node [shape=box, style=rounded, fontname=Helvetica, fontsize=11];",
             '  subgraph cluster_services { label="pos.services (use cases by aggregate)"; fontname=Helvetica; '
             + " ".join(f'"{n}";' for n in services) + " }"]
    for rank in RANKS:
        members = [n for n in nodes if n in rank]
        if members and rank != ["pos.services"]:
            lines.append("  { rank=same; " + " ".join(f'"{n}";' for n in members) + " }")
    for a, b in sorted(edges_):
        if b == "pos.services":
            lines.append(f'  "{a}" -> "pos.services.members" [lhead=cluster_services];')
        else:
            lines.append(f'  "{a}" -> "{b}";')
    return "\n".join(lines + ["}"]) + "\n"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("pos")
    source = dot_source(edges(graph))
    OUT.write_bytes(subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True).stdout)
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
