"""search/ is infrastructure the domains register with: it imports no domain package (read from the source)."""
import ast
import pathlib

import commission

ROOT = pathlib.Path(commission.__file__).parent


def imported_modules(path):
    """(dotted module, enclosing function names) of every import in one source file, relative ones resolved."""
    package = ['commission', *path.relative_to(ROOT).parent.parts]
    found = []

    def visit(node, functions):
        for child in ast.iter_child_nodes(node):
            is_function = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            inner = [*functions, child.name] if is_function else functions
            if isinstance(child, ast.Import):
                found.extend((alias.name, inner) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = package[:len(package) - child.level + 1] if child.level else []
                module = '.'.join(base + ([child.module] if child.module else []))
                # `from .. import models` imports the module commission.models
                found.extend((f'{module}.{alias.name}' if not child.module else module, inner) for alias in child.names)
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding='utf-8')), [])
    return found


def top_package(module):
    parts = module.split('.')
    return parts[1] if len(parts) > 1 and parts[0] == 'commission' else None


def test_search_imports_no_domain_package():
    packages = {p.name for p in ROOT.iterdir() if (p / '__init__.py').exists()} - {'search'}
    forbidden = packages | {'models', 'demo'}  # commission.models imports every domain
    offending = [(str(path.relative_to(ROOT)), module) for path in sorted((ROOT / 'search').rglob('*.py'))
                 for module, _ in imported_modules(path) if top_package(module) in forbidden]
    assert offending == []


def test_production_code_imports_no_demo_data():
    """Only demo modules and the `flask demo` commands may import demo data."""
    offending = []
    for path in sorted(ROOT.rglob('*.py')):
        if path.name == 'demo.py':
            continue
        for module, functions in imported_modules(path):
            if module.split('.')[-1] == 'demo' or '.demo.' in module:
                if not any('demo' in name for name in functions):
                    offending.append((str(path.relative_to(ROOT)), module))
    assert offending == []


def test_the_import_reader_sees_relative_and_absolute_imports():
    """The check above cannot pass vacuously: it resolves the import forms search/ would use."""
    path = ROOT / 'search' / 'registry.py'
    modules = {module for module, _ in imported_modules(path)}
    assert 'sqlalchemy.orm' in modules and 'dataclasses' in modules
    hooks = {module for module, _ in imported_modules(ROOT / 'search' / 'hooks.py')}
    assert {'commission.timeutil', 'commission.search.models', 'commission.search.index'} <= hooks
