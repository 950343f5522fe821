"""
Build the site's translations: collect the strings (Django's makemessages, which needs GNU gettext's
xgettext), write in the words of locale/<language>.py, and compile the .mo files with polib (pure
Python, so a checkout needs no gettext tools to run: the compiled files are committed).

    make messages          (or: .venv/bin/python locale/build.py [--check])

--check collects nothing and writes nothing: it fails when a string of a catalogue has no
translation, a translation is left over from a string that is gone, or a .mo differs from its .po.
"""

import argparse
import runpy
import subprocess
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent
ROOT = LOCALE.parent
# Catalogue folder, then the module with its words.
LANGUAGES = {"zh_Hans": "zh_hans.py", "zh_Hant": "zh_hant.py"}
IGNORE = [".venv/*", ".venv-next/*", "tests/*", "bench/*", "templates/admin/*", "*/admin.py", "locale/*"]


def words(module):
    data = runpy.run_path(str(LOCALE / module))
    return data["TRANSLATIONS"], data.get("PLURALS", {})


def key(entry):
    return (entry.msgctxt, entry.msgid) if entry.msgctxt else entry.msgid


def fill(po, translations, plurals):
    """Write the words into the catalogue; return the strings still untranslated and the words unused."""
    missing, used = [], set()
    for entry in po:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = entry.previous_msgctxt = None
        if entry.msgid_plural:
            forms = plurals.get(entry.msgid)
            if forms:
                entry.msgstr_plural = dict(enumerate(forms))
                used.add(entry.msgid)
            else:
                missing.append(entry.msgid)
        elif key(entry) in translations:
            entry.msgstr = translations[key(entry)]
            used.add(key(entry))
        else:
            missing.append(key(entry))
    unused = [k for k in [*translations, *plurals] if k not in used]
    return missing, unused


def mo_is_current(po, mo_path):
    if not mo_path.exists():
        return False
    mo = polib.mofile(str(mo_path))
    have = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    want = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in po if e.translated()}
    return all(have.get(k) == v for k, v in want.items()) and len(have) >= len(want)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    failed = False
    for folder, module in LANGUAGES.items():
        po_path = LOCALE / folder / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not args.check:
            subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", folder, "--no-location", "--no-obsolete",
                 *[f"--ignore={pattern}" for pattern in IGNORE]],
                cwd=ROOT, check=True,
            )
        po = polib.pofile(str(po_path), wrapwidth=0)
        translations, plurals = words(module)
        missing, unused = fill(po, translations, plurals)
        po.metadata["Language"] = folder
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        if args.check:
            if not mo_is_current(po, mo_path):
                print(f"{mo_path.relative_to(ROOT)} is not compiled from the current words: run make messages")
                failed = True
        else:
            po.save()
            po.save_as_mofile(str(mo_path))
        for item in missing:
            print(f"{folder}: no translation for {item!r}")
        for item in unused:
            print(f"{folder}: {item!r} is translated but the site no longer says it")
        failed = failed or bool(missing or unused)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
