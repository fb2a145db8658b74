"""The project package stays the project's: settings, urls, wsgi, middleware, errors."""

import ast
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent
APPS = {"relationships", "maps"}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_config_imports_no_app_module():
    """Apps are named in settings and urls as strings; an import would tie config to their code."""
    found = {
        f"{path.name}: {module}"
        for path in CONFIG.glob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in APPS
    }
    assert not found
