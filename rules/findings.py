"""Findings: what one rule says about one subject (a program, a room, a person, the organization)."""

from __future__ import annotations

from dataclasses import dataclass

from . import i18n

PASS, FAIL, MANUAL, NA = "pass", "fail", "manual", "not_applicable"
STATUSES = (PASS, FAIL, MANUAL, NA)


@dataclass(frozen=True)
class Msg:
    """A message key of :mod:`rules.i18n` with its parameters; rendered per language when reported."""

    key: str
    params: tuple = ()

    def render(self, lang: str) -> str:
        return i18n.render(self.key, dict(self.params), lang)


def msg(key: str, **params) -> Msg:
    return Msg(key, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())))


@dataclass(frozen=True)
class Finding:
    provision: str
    status: str
    subject: str
    message: Msg
    hint: Msg | None = None

    def to_dict(self, lang: str) -> dict:
        out = {"provision": self.provision, "status": self.status, "subject": self.subject,
               "message": self.message.render(lang)}
        if self.status in (FAIL, MANUAL):
            out["hint"] = self.hint.render(lang) if self.hint else ""
        return out


def passed(pid: str, subject: str, key: str, **params) -> Finding:
    return Finding(pid, PASS, subject, msg(key, **params))


def failed(pid: str, subject: str, key: str, hint: str, **params) -> Finding:
    return Finding(pid, FAIL, subject, msg(key, **params), msg(hint, **params))


def manual(pid: str, subject: str, key: str, hint: str, **params) -> Finding:
    return Finding(pid, MANUAL, subject, msg(key, **params), msg(hint, **params))


def not_applicable(pid: str, subject: str, key: str = "generic.na", **params) -> Finding:
    return Finding(pid, NA, subject, msg(key, **params))


def check(ok: bool, pid: str, subject: str, pass_key: str, fail_key: str, hint: str, **params) -> Finding:
    """``pass`` with ``pass_key`` when ok, else ``fail`` with ``fail_key`` and ``hint``."""
    return passed(pid, subject, pass_key, **params) if ok else failed(pid, subject, fail_key, hint, **params)


def subject(collection: str, ident: str) -> str:
    return f"{collection}[{ident}]"


ORG = "organization"
