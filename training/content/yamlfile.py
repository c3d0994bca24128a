"""YAML loading that remembers the line of every mapping, for error messages."""

import yaml

LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader whose mappings carry the 1-based line they start on under LINE."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlError(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def load(text: str, first_line: int = 1):
    """Parse YAML safely; mappings gain LINE, counted from `first_line`; raise YamlError."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        # An unclosed quote or bracket fails at the end of the file; say where it was opened.
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and start.line + first_line != line:
            problem += f" ({context} that starts on line {start.line + first_line})"
        raise YamlError(f"invalid YAML: {problem}", line) from None
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def _shift_lines(data, offset: int) -> None:
    if isinstance(data, dict):
        if LINE in data:
            data[LINE] += offset
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, list):
        for value in data:
            _shift_lines(value, offset)


def strip_lines(data):
    """Return a copy of `data` without the LINE keys."""
    if isinstance(data, dict):
        return {k: strip_lines(v) for k, v in data.items() if k != LINE}
    if isinstance(data, list):
        return [strip_lines(v) for v in data]
    return data


def line_of(data, default: int | None = None) -> int | None:
    return data.get(LINE, default) if isinstance(data, dict) else default
