"""Make every English catalogue complete: msgids are written in English, so msgstr = msgid.

Leaves any hand-written English msgstr alone; drops the fuzzy flag only where it copies.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "sunshine"

for po_path in ROOT.glob("**/locale/en/LC_MESSAGES/*.po"):
    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    changed = False
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()) or entry.fuzzy:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                changed = True
        elif not entry.msgstr or entry.fuzzy:
            entry.msgstr = entry.msgid
            changed = True
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
            changed = True
    if changed:
        catalogue.save()
