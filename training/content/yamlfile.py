"""YAML loading for content: safe, bounded, and remembering the line of every mapping."""

import yaml

LINE = "__line__"
MAX_BYTES = 1024 * 1024  # the cap on a content file (files.MAX_FILE_BYTES)
MAX_DEPTH = 20  # lists and mappings inside each other; a quiz needs 5
MAX_NODES = 10_000  # values of any kind; the largest bundled file (coach.yaml) has about 700
ALIASES = "YAML anchors and aliases (&name / *name) are not allowed in content files"
# Types that safe loading builds but content never needs and the database cannot keep as JSON.
REFUSED_TYPES = {f"tag:yaml.org,2002:{name}": name for name in ("binary", "set", "omap", "pairs")}


class YamlError(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


class _Refused(yaml.YAMLError):
    """YAML that is well formed but not allowed in content, found at `mark`."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.message, self.mark = message, mark


class _ContentLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases, deep nesting, too many values and REFUSED_TYPES.

    The checks run while the parser's events become nodes, so a refused file is never built:
    an alias bomb stops at its first `&`. Mappings carry the 1-based line they start on under LINE.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = self.nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if event.anchor is not None:  # an alias's `anchor` is the name it refers to
            raise _Refused(ALIASES, event.start_mark)
        if getattr(event, "tag", None) in REFUSED_TYPES:
            message = f"the YAML type {REFUSED_TYPES[event.tag]!r} is not allowed in content files"
            raise _Refused(message, event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(f"more than {MAX_NODES:,} values: split the file or simplify it", event.start_mark)
        nested = isinstance(event, yaml.CollectionStartEvent)
        self.depth += nested
        if self.depth > MAX_DEPTH:
            raise _Refused(f"lists and mappings nested more than {MAX_DEPTH} deep", event.start_mark)
        node = super().compose_node(parent, index)
        self.depth -= nested
        return node


def _construct_mapping(loader, node, deep=False):
    seen: set = set()
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None:
            continue
        if key in seen:  # PyYAML would keep the last one without a word
            raise _Refused(f"{key!r} is given twice in the same mapping; keep one", key_node.start_mark)
        seen.add(key)
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_ContentLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(text: str, first_line: int = 1):
    """Parse YAML safely; mappings gain LINE, counted from `first_line`; raise YamlError."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise YamlError(f"the YAML is {size:,} bytes; the limit is {MAX_BYTES:,} (1 MiB)", None)
    try:
        data = yaml.load(text, Loader=_ContentLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        raise YamlError(exc.message, exc.mark.line + first_line) from None
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
