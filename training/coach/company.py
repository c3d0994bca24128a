"""The company's own public details, written once in coach.yaml's `company` block.

Many rules need them: the help account and phone number are where a reply sends people, so they
are not a leak; a signature "– Sam, Kestrel Home" is a signature; the name is nobody's first name.
Rules name them by placeholder, so a company that adopts the coach changes one block:

    {company}        the name                 {handle}   the help account customers are sent to
    {company_words}  each word of the name    {handles}  every official account
    {email}          the help address         {emails}   every public address
    {press}          the press office         {domain}   the domain of the help address
    {phone}          the public phone number  {phone_digits}  the same, digits only
    {phones}         every public number: the phone number and `phones` (regional help lines)

In a regular expression (`patterns`, `unless`, `context`, `all_of`) a placeholder stands for the
detail as a pattern, as people type it ("Kestrel Home", "KestrelHome" or "Kestrel"; "0808 157 0192"
or "0808-157-0192"); anywhere else for the detail as written. In a list, an item that is only a
plural placeholder stands for one item per value. Other words in braces, such as `{name}` in a
message, are left as they are.
"""

import re

from training.content.yamlfile import LINE, line_of

FIELDS = {"name": str, "handle": str, "handles": list, "email": str, "emails": list, "press": str,
          "phone": str, "phones": list}  # fmt: skip
REGEX_KEYS = {"patterns", "unless", "context", "all_of"}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Which field each placeholder needs.
NEEDS = {"company": "name", "company_words": "name", "handle": "handle", "handles": "handle",
         "email": "email", "emails": "email", "press": "press", "domain": "email", "phone": "phone",
         "phone_digits": "phone", "phones": "phone"}  # fmt: skip


def read_company(raw, problems: list) -> dict[str, list[str]]:
    """Check the `company` block; return each placeholder's values (absent: the block lacks its field)."""
    if raw is None:
        return {}
    line = line_of(raw) if isinstance(raw, dict) else None
    if not isinstance(raw, dict):
        problems.append((None, "`company` must be a mapping: name, handle, email, press, phone, ..."))
        return {}
    count = len(problems)
    fields = {key: value for key, value in raw.items() if key != LINE}
    for key in sorted(set(fields) - set(FIELDS)):
        problems.append((line, f"`company`: unknown key {key!r}; use some of {', '.join(FIELDS)}"))
    for key, value in fields.items():
        kind = FIELDS.get(key)
        if kind is str and not (isinstance(value, str) and value.strip()):
            problems.append((line, f"`company.{key}` must be text"))
        texts = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if kind is list and not texts:
            problems.append((line, f"`company.{key}` must be a list of text values"))
    return _values(fields) if len(problems) == count else {}


def _values(fields: dict) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    if "name" in fields:
        values["company"] = [fields["name"]]
        values["company_words"] = fields["name"].split()
    if "handle" in fields:
        values["handle"] = [fields["handle"]]
        values["handles"] = [fields["handle"], *fields.get("handles", [])]
    if "email" in fields:
        values["email"] = [fields["email"]]
        values["emails"] = [fields["email"], *([fields["press"]] if "press" in fields else []),
                            *fields.get("emails", [])]  # fmt: skip
        values["domain"] = [fields["email"].rpartition("@")[2]]
    if "press" in fields:
        values["press"] = [fields["press"]]
    if "phone" in fields:
        values["phone"] = [fields["phone"]]
        values["phones"] = [fields["phone"], *fields.get("phones", [])]
        values["phone_digits"] = [re.sub(r"\D", "", fields["phone"])]
    return values


def fill(rule: dict, values: dict[str, list[str]], report) -> dict:
    """Return the rule with the company's details in place of its placeholders."""
    return {key: _fill(value, values, key in REGEX_KEYS, report) for key, value in rule.items()}


def _fill(value, values: dict, regex: bool, report):
    if isinstance(value, str):
        return _fill_text(value, values, regex, report)
    if isinstance(value, list):
        items = []
        for item in value:
            whole = PLACEHOLDER.fullmatch(item) if isinstance(item, str) and not regex else None
            if whole and whole[1] in NEEDS and _known(whole[1], values, report):
                items.extend(values[whole[1]])
            else:
                items.append(_fill(item, values, regex, report))
        return items
    return value


def _fill_text(text: str, values: dict, regex: bool, report) -> str:
    def replace(match: re.Match) -> str:
        name = match[1]
        if name not in NEEDS or not _known(name, values, report):
            return match[0]
        if not regex:
            return ", ".join(values[name])
        # Longest first, so "@KestrelHomeHelp" is not read as "@KestrelHome" and a word after it.
        patterns = sorted((_pattern(v, name) for v in values[name]), key=len, reverse=True)
        return "(?:" + "|".join(patterns) + ")"

    return PLACEHOLDER.sub(replace, text)


def _known(name: str, values: dict, report) -> bool:
    if name in values:
        return True
    report(f"`{{{name}}}` needs `company.{NEEDS[name]}` in the `company` block")
    return False


def _pattern(value: str, name: str) -> str:
    """A detail as a regular expression, spaced and separated as people write it."""
    if name in ("phone", "phones"):
        return r"[ .-]?".join(re.escape(group) for group in re.findall(r"\d+", value))
    if name == "company":  # "Kestrel Home", "KestrelHome" or just "Kestrel"
        first, *rest = [re.escape(word) for word in value.split()]
        return first + "".join(rf"(?:\s?{word})?" for word in rest)
    return re.escape(value)
