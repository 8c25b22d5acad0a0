"""rules/ is pure Python: it imports only the standard library and itself — never Django or the apps."""

import ast
import subprocess
import sys
from pathlib import Path

from rules import docs_gen

PACKAGE = docs_gen.ROOT / "rules"


def test_rules_imports_only_stdlib_and_itself():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    foreign = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            foreign += [f"{path.relative_to(PACKAGE)}: {n}" for n in names
                        if n.split(".")[0] not in stdlib and n.split(".")[0] != "rules"]
    assert foreign == []


def test_import_rules_loads_no_django():
    code = "import sys, rules; rules.provisions(); print(sorted(m for m in sys.modules if m.split('.')[0] in " \
           "('django', 'providers', 'accounts', 'qualifications', 'noks_portal')))"
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=Path(PACKAGE).parent)
    assert (result.returncode, result.stdout.strip()) == (0, "[]")
