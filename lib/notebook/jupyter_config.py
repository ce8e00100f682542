"""Jupyter server configuration for this project's notebooks.

`./lab notebook` starts JupyterLab or the classic Jupyter Notebook with
`--config=lib/notebook/jupyter_config.py` (and so does the front-end test).

Why: Debian 12's classic Notebook (6.4) creates cells without an `id`, which nbformat 4.5
requires. When such a notebook is saved, the server signs it first (the signature that makes
its outputs trusted) and nbformat then adds the missing ids while writing it, so the file on
disk no longer matches its signature: on the next reload every output is untrusted, its scripts
are not run, and no figure draws. The pre-save hook below gives every cell an id *before* the
notebook is signed.
"""
import uuid


def give_cells_ids(model, **kwargs):
    """Pre-save hook: every cell of an nbformat >= 4.5 notebook gets an id before signing."""
    if model.get("type") != "notebook":
        return
    nb = model.get("content") or {}
    if nb.get("nbformat") != 4 or nb.get("nbformat_minor", 0) < 5:
        return
    taken = {cell.get("id") for cell in nb.get("cells", []) if cell.get("id")}
    for cell in nb.get("cells", []):
        if not cell.get("id"):
            new_id = uuid.uuid4().hex[:8]
            while new_id in taken:
                new_id = uuid.uuid4().hex[:8]
            cell["id"] = new_id
            taken.add(new_id)


c = get_config()  # noqa: F821 (defined by Jupyter when it loads this file)
c.ContentsManager.pre_save_hook = give_cells_ids
