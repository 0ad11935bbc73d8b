"""The editor's two pages: the list of documents, and one document's form."""

from __future__ import annotations

from typing import Any, Protocol

from jinja2 import Environment

from ..yamltext import YamlProblem, load_text


class Editor(Protocol):
    """What the pages read of `app.Editor` (app imports this module, not the other way)."""

    office: Any  # checking.Office
    env: Environment
    key: str

    def form_context(self, kind: str, doc_id: str | None) -> dict[str, Any]: ...


def _common(editor: Editor) -> dict[str, Any]:
    site = editor.office.site
    return {
        "kantor": site.kantor.nama if site else "kantor",
        "sops": editor.office.names["sop"],
        "reports": editor.office.names["laporan"],
    }


def list_page(editor: Editor) -> str:
    context = _common(editor) | {"problems": editor.office.problems}
    return editor.env.get_template("daftar.html").render(**context)


def _refs(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """How the file names steps (number or label) and actors -> the rows' ids in the form."""
    steps = data.get("kegiatan") if isinstance(data.get("kegiatan"), list) else []
    targets: dict[str, str] = {}
    for i, step in enumerate(steps):
        targets[str(i + 1)] = f"u{i}"
        if isinstance(step, dict) and isinstance(step.get("id"), str):
            targets[step["id"]] = f"u{i}"
    names = data.get("pelaksana") if isinstance(data.get("pelaksana"), list) else []
    actors = {name: f"u{i}" for i, name in reversed(list(enumerate(names)))}
    return targets, actors


def branch_rows(value: Any) -> list[tuple[str, Any]]:
    """A decision's exits as the file writes them, then Tidak and Ya if it has not."""
    rows = list(value.items()) if isinstance(value, dict) else []
    have = {str(label).lower() for label, _ in rows}
    return rows + [(label, None) for label in ("tidak", "ya") if label not in have]


def form_page(editor: Editor, kind: str, doc_id: str | None) -> str:
    context = editor.form_context(kind, doc_id)
    try:
        data = load_text(context["text"].encode("utf-8")).data
    except YamlProblem:
        data = None
    data = data if isinstance(data, dict) else {}
    targets, actors = _refs(data)
    site = editor.office.site
    regulations = site.regulasi if site else {}
    what = "SOP" if kind == "sop" else "Laporan"
    context |= _common(editor) | {
        "kind": kind,
        "doc_id": doc_id,
        "key": editor.key,
        "data": data,
        "title": f"{what} baru" if doc_id is None else f"Sunting {what}: {doc_id}",
        "roles": {r: j.jabatan for r, j in (site.pejabat if site else {}).items()},
        "regulations": regulations,
        "citations": {
            rid: r.kutipan + (" (sudah dicabut)" if r.dicabut_oleh else "")
            for rid, r in regulations.items()
        },
        "target_uid": lambda ref: "" if not ref else targets.get(str(ref), f"raw:{ref}"),
        "branch_rows": branch_rows,
        "actor_uids": lambda names: " ".join(
            actors.get(n, f"raw:{n}") for n in names if isinstance(n, str) and n
        ),
    }
    return editor.env.get_template("formulir.html").render(**context)
