"""The type stubs (.pyi) say what the package really takes: every public
function has a stub with the same parameters, kinds and defaults given,
and a docstring that help() shows."""

import ast
import inspect
import os

import pytest
import snae
from snae import closed_form

PACKAGE = os.path.dirname(snae.__file__)


def stub_functions(name):
    with open(os.path.join(PACKAGE, name)) as f:
        tree = ast.parse(f.read())
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def stub_parameters(node):
    a = node.args
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    out = [(p.arg, "POSITIONAL_OR_KEYWORD", d is not None) for p, d in zip(positional, defaults)]
    out += [(p.arg, "KEYWORD_ONLY", d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        out.append((a.kwarg.arg, "VAR_KEYWORD", False))
    return out


def runtime_parameters(function):
    return [(p.name, p.kind.name, p.default is not inspect.Parameter.empty)
            for p in inspect.signature(function).parameters.values()]


@pytest.mark.parametrize("module,stub", [(snae, "__init__.pyi"), (closed_form, "closed_form.pyi")])
def test_every_public_function_has_a_matching_stub(module, stub):
    stubs = stub_functions(stub)
    public = [name for name in module.__all__ if inspect.isfunction(getattr(module, name))]
    assert public
    for name in public:
        assert name in stubs, f"{stub} lacks {name}"
        assert stub_parameters(stubs[name]) == runtime_parameters(getattr(module, name)), name
        assert len(inspect.getdoc(getattr(module, name)) or "") > 40, f"{name} has no docstring"


def test_the_comparison_catches_a_renamed_parameter():
    node = ast.parse("def train(*, activation=..., m=...): ...").body[0]
    assert stub_parameters(node) != runtime_parameters(snae.train)


def test_help_shows_the_parameters():
    text = inspect.getdoc(snae.train)
    for word in ("activation", "batch", "scalar", "trajectory_every", "KeyboardInterrupt", "Returns"):
        assert word in text
    assert "TrainResult" in inspect.getdoc(snae.TrainResult) or "snae train" in inspect.getdoc(snae.TrainResult)
