"""The shape of the code: the import graph of ``alumni`` and ``jobs``, read with ``ast``.

Every import counts, including those inside functions: an import deferred into a function
still ties the two modules together, and deferring one is the usual way a cycle is hidden
rather than removed. Only imports under ``if TYPE_CHECKING:`` are left out (never run).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("alumni", "jobs")

# The web and command-line layers. Only they and the app's entry points may import them: the
# domain modules (the rest of alumni, alumni.api included) and the jobs never do.
DELIVERY_LAYERS = ("alumni.views", "alumni.cli")
ENTRY_POINTS = ("alumni", "alumni.wsgi", "alumni.__main__")

# Cycles known and not yet broken, each as its modules in sorted order, e.g.
# ("alumni.dashboard.page", "alumni.life_status"): remove an entry once its cycle is gone.
# None today; a cycle not listed here fails the test.
KNOWN_CYCLES = set()


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources():
    return {_module_name(path): path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


def _is_type_checking(node):
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _import_nodes(tree):
    """Every import statement, wherever it is, except under ``if TYPE_CHECKING:``."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        for child in ast.iter_child_nodes(node):
            if not _is_type_checking(child):
                pending.append(child)


def _imported(module, path, node, known):
    """The project's modules one import statement loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for _level in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    # ``from package import module`` depends on that module; ``from module import name`` on the module.
    return {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
            for alias in node.names} & set(known)


def import_graph():
    """Each module of ``alumni`` and ``jobs``, with the project's modules it imports."""
    sources = _sources()
    graph = {}
    for module, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[module] = set()
        for node in _import_nodes(tree):
            graph[module] |= _imported(module, path, node, sources)
        graph[module].discard(module)
    return graph


def cycles(graph):
    """The import cycles: each strongly connected group of modules, as a sorted tuple."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(tuple(sorted(group)))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return set(found)


def _in(module, packages):
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def layer_violations(graph):
    """(module, target) for each import of the web or command-line layer from outside it."""
    return sorted(
        (module, target)
        for module, targets in graph.items()
        if not _in(module, DELIVERY_LAYERS) and module not in ENTRY_POINTS
        for target in targets if _in(target, DELIVERY_LAYERS)
    )


def test_the_graph_sees_relative_absolute_and_deferred_imports():
    graph = import_graph()
    assert "alumni.db" in graph["alumni.sessions"]  # from .db import get_session
    assert "alumni.models" in graph["alumni.audit"]  # from .models import (...)
    assert "alumni.db" in graph["jobs.deliver"]  # from alumni.db import session_scope
    assert "alumni.views.auth" in graph["alumni.views"]  # from . import (..., auth, ...)
    assert "alumni" in graph["alumni.__main__"]  # from . import create_app
    assert "alumni.tokens" in graph["alumni.cli.connections"]  # inside a function: from ..tokens import ...


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {("a", "b", "c")}
    assert cycles({"a": {"b"}, "b": set()}) == set()


def test_no_import_cycles():
    found = cycles(import_graph())
    assert found - KNOWN_CYCLES == set(), "import cycles (break them, e.g. move the shared part down)"
    assert KNOWN_CYCLES - found == set(), "these cycles are gone: remove them from KNOWN_CYCLES"


def test_an_import_of_the_web_layer_from_a_domain_module_or_a_job_is_caught():
    graph = {"alumni.views.mids": {"alumni.mids"}, "alumni.mids": {"alumni.views.loaders"},
             "jobs.rounds": {"alumni.cli.core"}, "alumni": {"alumni.views"}, "alumni.cli": {"alumni.views"}}
    assert layer_violations(graph) == [("alumni.mids", "alumni.views.loaders"), ("jobs.rounds", "alumni.cli.core")]


def test_domain_modules_and_jobs_do_not_import_the_web_or_command_line_layers():
    assert layer_violations(import_graph()) == []


def _import_module_calls(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in ("import_module", "__import__"):
                yield node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module == "importlib":
            if any(alias.name == "import_module" for alias in node.names):
                yield node.lineno


def test_blueprints_commands_and_jobs_are_registered_by_explicit_imports():
    found = [f"{module}:{line}" for module, path in _sources().items() for line in _import_module_calls(path)]
    assert found == []


_TEMPLATE_HOOKS = {"template_global", "add_template_global", "template_filter", "add_template_filter",
                   "template_test", "add_template_test", "context_processor", "app_context_processor"}


def _template_registrations(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and (
                node.attr in _TEMPLATE_HOOKS
                or (node.attr in ("globals", "filters", "tests") and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "jinja_env")):
            yield node.lineno


def test_template_globals_filters_and_context_processors_are_registered_in_one_module():
    found = {module for module, path in _sources().items() if any(_template_registrations(path))}
    assert found == {"alumni.templating"}


# Names of a delivery step (a ticket, a merge) rather than of what the code holds.
_DELIVERY_STEP_WORDS = ("importapi", "stage", "phase")


def test_no_module_is_named_after_a_delivery_step():
    paths = [path for folder in (*PACKAGES, "tests") for path in (ROOT / folder).rglob("*.py")]
    wrong = sorted(str(path.relative_to(ROOT)) for path in paths
                   if any(word in path.stem for word in _DELIVERY_STEP_WORDS))
    assert wrong == []
