"""The small condition language of the rule files, evaluated with three-valued logic.

The rule text follows REFERENCE.md 2.2 closely, for example
``region in [groin, buttock] and (pain_walking >= 1 or hop_pain == 'cannot' or night_pain)``.

Grammar (keywords lower case)::

    expr     := and_expr ("or" and_expr)*
    and_expr := not_expr ("and" not_expr)*
    not_expr := "not" not_expr | atom
    atom     := "(" expr ")" | "true" | "false" | "fired(" RULE_ID ")"
              | NAME                                  # a yes/no answer is yes
              | NAME ("=="|"!="|">="|"<="|">"|"<") LITERAL
              | NAME ["not"] "in" "[" LITERAL ("," LITERAL)* "]"
              | NAME ("is empty" | "not empty" | "is not empty" | "is null" | "is not null")

Unknown answers (``null``) never count as negative (REFERENCE.md 2.3 rule 3): a test on an unknown
answer is unknown (``None``), and ``and``/``or``/``not`` follow Kleene's strong three-valued logic,
so a rule whose outcome hangs on an unknown answer is "not assessed" instead of "not fired".
Two deliberate exceptions, both fail safe: ``NAME != LITERAL`` is true when NAME is unknown (the
reference writes ``injury_moment != true`` and ``trend != improving`` so that an unknown answer
keeps the rule live), and ``is null`` / ``is not null`` ask only whether an answer is known.
For a multi-valued answer (``region`` with the body map, ``dvt_risk``, ``aggravators``),
``NAME == v`` means "v is among the answers" and ``NAME in [...]`` means "any of them is".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Tri = bool | None
LiteralValue = bool | int | float | str | None

_TOKEN = re.compile(
    r"\s*(?:(?P<op>==|!=|>=|<=|>|<)|(?P<punct>[()\[\],])|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?)|(?P<word>[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9]+)*))"
)
ORDERING_OPS = frozenset({">=", "<=", ">", "<"})


class ExpressionError(ValueError):
    """A condition string does not parse; the message says where."""


@dataclass(frozen=True, slots=True)
class Const:
    value: bool


@dataclass(frozen=True, slots=True)
class Field:
    name: str


@dataclass(frozen=True, slots=True)
class Compare:
    name: str
    op: str
    literal: LiteralValue


@dataclass(frozen=True, slots=True)
class InList:
    name: str
    values: tuple[LiteralValue, ...]
    is_negated: bool


@dataclass(frozen=True, slots=True)
class Emptiness:
    name: str
    is_negated: bool  # True for "not empty"


@dataclass(frozen=True, slots=True)
class Known:
    name: str
    is_negated: bool  # True for "is not null"


@dataclass(frozen=True, slots=True)
class Fired:
    rule_id: str


@dataclass(frozen=True, slots=True)
class Not:
    item: Expr


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Any_:
    items: tuple[Expr, ...]


Expr = Const | Field | Compare | InList | Emptiness | Known | Fired | Not | All | Any_


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ExpressionError(f"cannot read {text[position : position + 20]!r} at character {position}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self, offset: int = 0) -> tuple[str, str]:
        at = self.index + offset
        return self.tokens[at] if at < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (value is not None and token[1] != value):
            raise ExpressionError(f"expected {value or 'more text'!r} but found {token[1] or 'the end'!r}")
        self.index += 1
        return token

    def parse(self) -> Expr:
        expr = self.parse_or()
        if self.peek()[0] != "end":
            raise ExpressionError(f"unexpected {self.peek()[1]!r} after a complete condition")
        return expr

    def parse_or(self) -> Expr:
        items = [self.parse_and()]
        while self.peek() == ("word", "or"):
            self.take()
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Any_(tuple(items))

    def parse_and(self) -> Expr:
        items = [self.parse_not()]
        while self.peek() == ("word", "and"):
            self.take()
            items.append(self.parse_not())
        return items[0] if len(items) == 1 else All(tuple(items))

    def parse_not(self) -> Expr:
        if self.peek() == ("word", "not"):
            self.take()
            return Not(self.parse_not())
        return self.parse_atom()

    def parse_atom(self) -> Expr:
        kind, value = self.take()
        if value == "(":
            inner = self.parse_or()
            self.take(")")
            return inner
        if kind != "word":
            raise ExpressionError(f"expected an answer name but found {value!r}")
        if value in ("true", "false"):
            return Const(value == "true")
        if value == "fired":
            self.take("(")
            rule_id = self.take()[1]
            self.take(")")
            return Fired(rule_id)
        return self.parse_test(value)

    def parse_test(self, name: str) -> Expr:
        kind, value = self.peek()
        if kind == "op":
            self.take()
            return Compare(name, value, self.parse_literal())
        if value == "in":
            self.take()
            return InList(name, self.parse_list(), False)
        if value == "is":
            self.take()
            is_negated = self.peek()[1] == "not"
            if is_negated:
                self.take()
            word = self.take()[1]
            if word == "empty":
                return Emptiness(name, is_negated)
            if word == "null":
                return Known(name, is_negated)
            raise ExpressionError(f"expected 'empty' or 'null' after 'is' but found {word!r}")
        if value == "not" and self.peek(1)[1] in ("in", "empty"):
            self.take()
            if self.take()[1] == "in":
                return InList(name, self.parse_list(), True)
            return Emptiness(name, True)
        return Field(name)

    def parse_list(self) -> tuple[LiteralValue, ...]:
        self.take("[")
        values = [self.parse_literal()]
        while self.peek()[1] == ",":
            self.take()
            values.append(self.parse_literal())
        self.take("]")
        return tuple(values)

    def parse_literal(self) -> LiteralValue:
        kind, value = self.take()
        if kind == "num":
            return float(value) if "." in value else int(value)
        if kind == "str":
            return value[1:-1]
        if kind == "word":
            return {"true": True, "false": False, "null": None}.get(value, value)
        raise ExpressionError(f"expected a value but found {value!r}")


def parse(text: str) -> Expr:
    """Parse a condition string into an expression tree; raise ExpressionError if malformed."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("the condition is empty")
    return _Parser(text).parse()


def referenced_names(expr: Expr) -> set[str]:
    """Names of all answers an expression reads."""
    if isinstance(expr, Field | Compare | InList | Emptiness | Known):
        return {expr.name}
    if isinstance(expr, Not):
        return referenced_names(expr.item)
    if isinstance(expr, All | Any_):
        return set().union(*(referenced_names(item) for item in expr.items))
    return set()


def referenced_rules(expr: Expr) -> set[str]:
    """Rule ids an expression reads with ``fired(...)``."""
    if isinstance(expr, Fired):
        return {expr.rule_id}
    if isinstance(expr, Not):
        return referenced_rules(expr.item)
    if isinstance(expr, All | Any_):
        return set().union(*(referenced_rules(item) for item in expr.items))
    return set()


def _compare(value: object, op: str, literal: LiteralValue) -> Tri:
    if isinstance(value, frozenset):
        return (literal in value) if op == "==" else (literal not in value) if op == "!=" else False
    if op == "==":
        return value == literal
    if op == "!=":
        return value != literal
    if isinstance(value, bool) or not isinstance(value, int | float) or not isinstance(literal, int | float):
        return False  # e.g. hop_pain == 'cannot' is not ">= 3"
    checks: dict[str, Callable[[float, float], bool]] = {
        ">=": lambda a, b: a >= b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        "<": lambda a, b: a < b,
    }
    return checks[op](value, literal)


def evaluate(expr: Expr, answers: Mapping[str, object], fired: Mapping[str, Tri] | None = None) -> Tri:
    """Evaluate with Kleene logic: True, False, or None when unknown answers decide it.

    ``answers`` maps names to values (multi-valued answers as frozensets); ``fired`` maps rule ids
    evaluated earlier to their outcome, for ``fired(...)``.
    """
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Fired):
        return (fired or {}).get(expr.rule_id)
    if isinstance(expr, Known):
        return (answers.get(expr.name) is not None) == expr.is_negated
    if isinstance(expr, Not):
        inner = evaluate(expr.item, answers, fired)
        return None if inner is None else not inner
    if isinstance(expr, All):
        results = [evaluate(item, answers, fired) for item in expr.items]
        return False if False in results else None if None in results else True
    if isinstance(expr, Any_):
        results = [evaluate(item, answers, fired) for item in expr.items]
        return True if True in results else None if None in results else False
    value = answers.get(expr.name)
    if value is None:
        return True if isinstance(expr, Compare) and expr.op == "!=" else None
    if isinstance(expr, Field):
        return bool(value)
    if isinstance(expr, Compare):
        return _compare(value, expr.op, expr.literal)
    if isinstance(expr, InList):
        found = bool(value & set(expr.values)) if isinstance(value, frozenset) else value in expr.values
        return found != expr.is_negated
    assert isinstance(expr, Emptiness)
    return (len(value) > 0) == expr.is_negated  # type: ignore[arg-type]  # answers were validated: a set answer is a frozenset


def unknown_names(
    expr: Expr,
    answers: Mapping[str, object],
    fired: Mapping[str, Tri] | None = None,
    fired_unknowns: Mapping[str, frozenset[str]] | None = None,
) -> set[str]:
    """Unknown answers that leave ``expr`` undecided (empty when its outcome is known).

    ``fired_unknowns`` gives, per rule id, the unknown answers that left that rule undecided.
    """
    if evaluate(expr, answers, fired) is not None:
        return set()
    if isinstance(expr, Fired):
        return set((fired_unknowns or {}).get(expr.rule_id, frozenset()))
    if isinstance(expr, Not):
        return unknown_names(expr.item, answers, fired, fired_unknowns)
    if isinstance(expr, All | Any_):
        return set().union(*(unknown_names(item, answers, fired, fired_unknowns) for item in expr.items))
    assert isinstance(expr, Field | Compare | InList | Emptiness)
    return {expr.name}
