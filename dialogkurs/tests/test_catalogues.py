"""Every Swedish and Norwegian catalogue keeps to the glossary (`locale/GLOSSARY.md`).

A native reading of the catalogues found words that are wrong for the region or the thing
(nb *halv dag*, a mechanic's *verkstad*, sv *larm*, reminders *inställda/avlyst*, nb *booke* …).
Each rule below is one such pattern, checked in every `django.po` of every app, so a string
added later keeps to the same words. The catalogues are read with a small plain parser (no
dependency), and an untranslated or fuzzy entry fails as well.

When a rule is wrong, change the glossary first, then the rule and every catalogue.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("sv", "nb")


@dataclass
class Entry:
    path: Path
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def source(self) -> str:
        return self.msgid if self.msgid_plural is None else f"{self.msgid} / {self.msgid_plural}"

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line} {self.source!r} → {' | '.join(self.msgstrs)!r}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


def parse_po(path: Path) -> list[Entry]:
    """The entries of a gettext catalogue (without its header), as msgfmt reads them."""
    entries: list[Entry] = []
    entry: Entry | None = None
    current: str | None = None  # the keyword a continuation line belongs to

    def finish() -> None:
        nonlocal entry, current
        if entry is not None and (entry.msgid or entry.msgctxt is not None):
            entries.append(entry)
        entry, current = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        elif line.startswith("#"):
            if entry is not None and current is not None:
                finish()  # a comment after the strings begins the next entry
            if entry is None:
                entry = Entry(path, number)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if entry is None:
            entry = Entry(path, number)
        entry.obsolete = entry.obsolete or obsolete
        match = _KEYWORD.match(line)
        if match:
            keyword, text = match.group(1), ast.literal_eval(match.group(2))
            if keyword == "msgctxt" and current is not None:
                finish()
                entry = Entry(path, number, obsolete=obsolete)
            current = keyword
        elif line.startswith('"') and current is not None:
            keyword, text = current, ast.literal_eval(line)
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
        if keyword == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif keyword == "msgid":
            entry.msgid += text
        elif keyword == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        else:
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            while len(entry.msgstrs) <= index:
                entry.msgstrs.append("")
            entry.msgstrs[index] += text
    finish()
    return [e for e in entries if not e.obsolete]


def catalogues(language: str) -> list[Path]:
    return sorted(
        p
        for p in ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in p.parts and "node_modules" not in p.parts
    )


def entries(language: str) -> list[Entry]:
    return [entry for path in catalogues(language) for entry in parse_po(path)]


# --- The rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A translation breaks the rule when its msgid matches `source` (every msgid if None) and a
    msgstr matches `forbidden`, or does not match `required`."""

    name: str
    language: str
    forbidden: str | None = None
    required: str | None = None
    source: str | None = None
    context: str | None = None

    def broken_by(self, entry: Entry) -> bool:
        if self.context is not None and entry.msgctxt != self.context:
            return False
        if self.source is not None and not re.search(self.source, entry.source):
            return False
        if self.forbidden and any(re.search(self.forbidden, s) for s in entry.msgstrs):
            return True
        return bool(self.required) and not all(re.search(self.required, s) for s in entry.msgstrs)


RECOVERY_DOMAINS = {
    "Working relationship": ("Goda relationer", "Gode relasjoner"),
    "Personally defined recovery": (
        "Personens egen definition av återhämtning",
        "Personens egen definisjon av bedring",
    ),
    "Organisational commitment": ("Organisationens engagemang", "Organisasjonens engasjement"),
    "Citizenship": ("Främjar medborgarskap", "Fremme medborgerskap"),
}

RULES = [
    # a half-day is one word
    Rule("nb: halvdag, never halv dag / halve dager", "nb", forbidden=r"(?i)\bhalv(e|t)?\s+dag"),
    Rule("sv: halvdag, never halv dag", "sv", forbidden=r"(?i)\bhalv(a)?\s+dag"),
    # the idea workshop, never a mechanic's workshop
    Rule("sv: idéverkstad, never verkstad alone", "sv", forbidden=r"(?i)(?<![\w-])verksta(d|den|der|derna)\b"),
    Rule("nb: idéverksted, never verksted alone", "nb", forbidden=r"(?i)(?<![\w-])verksted(et|er|ene)?\b"),
    # the region's own names of the recovery domains
    *(
        Rule(
            f"{lang}: recovery domain {en!r} is {names[i]!r}",
            lang,
            required=rf"^{re.escape(names[i])}$",
            source=rf"^{en}$",
        )
        for en, names in RECOVERY_DOMAINS.items()
        for i, lang in enumerate(LANGUAGES)
    ),
    Rule(
        "nb: the area is Behandling og møtet med brukeren",
        "nb",
        required=r"^Behandling og møtet med brukeren$",
        source=r"^Treatment and encounters$",
    ),
    # alerts and stopped messages
    Rule("sv: varning / samordnarna meddelas, never larm", "sv", forbidden=r"(?i)\blarm(et|en|ade|as|ar|a)?\b"),
    Rule(
        "sv: a planned message is stopped, not inställd",
        "sv",
        forbidden=r"(?i)(påminnelse|meddelande)\w*\s+(\w+\s+)?(inställ\w*|ställs in|ställdes in|annuller\w*)"
        r"|\b(ställs|ställdes|annulleras)\s+(\w+\s+)?(påminnelse|meddelande)",
    ),
    Rule(
        "nb: a planned message is stopped, not avlyst",
        "nb",
        forbidden=r"(?i)(påminnelse|melding)\w*\s+(\w+\s+)?(avlys\w*|kansell\w*)"
        r"|\b(avlyses|avlyst|kanselleres|kansellert)\s+(\w+\s+)?(påminnelse|melding)",
    ),
    Rule(
        "sv: a message status Cancelled is Stoppat",
        "sv",
        required=r"^Stoppat$",
        source=r"^Cancelled$",
        context="message status",
    ),
    Rule(
        "nb: a message status Cancelled is Stoppet",
        "nb",
        required=r"^Stoppet$",
        source=r"^Cancelled$",
        context="message status",
    ),
    # the 429 pages: the internet connection, not the person's network
    Rule(
        "sv: från samma internetanslutning",
        "sv",
        required=r"internetanslutning",
        source=r"(?i)internet connection",
    ),
    Rule(
        "nb: fra samme internettforbindelse",
        "nb",
        required=r"internettforbindelse",
        source=r"(?i)internet connection",
    ),
    Rule("sv: never 'ditt nätverk' for a connection", "sv", forbidden=r"(?i)(ditt|samma) nätverk\b"),
    Rule("nb: never 'nettverket ditt' for a connection", "nb", forbidden=r"(?i)(nettverket ditt|samme nettverk)\b"),
    # meeting attendees are not the training's participants
    Rule("sv: Mötesdeltagare", "sv", required=r"(?i)mötesdeltagar", source=r"(?i)\battendees?\b"),
    Rule("nb: Møtedeltakere", "nb", required=r"(?i)møtedeltaker", source=r"(?i)\battendees?\b"),
    # an enquiry's topic is not one of the four themes
    Rule("nb: Emne for a topic, never Tema", "nb", forbidden=r"(?i)\btema", source=r"(?i)\btopics?\b"),
    Rule("sv: ämne for a topic, never tema", "sv", forbidden=r"(?i)\btema", source=r"(?i)\btopics?\b"),
    # nb books nothing: bestill (a training), avtal (a meeting), planlegg (a plan)
    Rule("nb: bestill/avtal/planlegg, never book/booket", "nb", forbidden=r"(?i)\bbook\w*"),
    # one word each
    Rule("nb: lived experience is egenerfaring", "nb", required=r"(?i)egenerfaring", source=r"(?i)lived experience"),
    Rule("nb: på before a workplace, never ved", "nb", forbidden=r"\b(ved|hos) %\(workplace\)s"),
    Rule("sv: på before a workplace, never vid", "sv", forbidden=r"\b(vid|hos) %\(workplace\)s"),
    Rule("nb: lede a training, never holde", "nb", forbidden=r"(?i)\bholde\b", source=r"(?i)\blead\b"),
    Rule("sv: ännu for yet, never än", "sv", forbidden=r"(?i)\bän\b", source=r"(?i)\byet\b"),
    Rule("nb: ennå for yet", "nb", required=r"(?i)\bennå\b", source=r"(?i)\byet\b"),
    Rule("sv: ikryssade, never förkryssade", "sv", forbidden=r"(?i)förkryssad"),
    Rule("sv: motsvarar, never matchar", "sv", forbidden=r"(?i)\bmatcha(r|de|t)?\b"),
    Rule("nb: a full training is fulltegnet", "nb", forbidden=r"(?i)(opplæring\w*|%\(workplace\)s) er full\b"),
    Rule("sv: a full training is fullbokad", "sv", forbidden=r"(?i)(utbildning\w*|%\(workplace\)s) är full\b"),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_catalogue_keeps_to_the_glossary(rule):
    broken = [entry.where() for entry in entries(rule.language) if rule.broken_by(entry)]
    assert broken == [], f"{len(broken)} entries break {rule.name!r}"


def test_the_parser_reads_every_catalogue():
    # Untranslated and fuzzy entries: test_setup.py::test_catalogue_has_no_untranslated_or_fuzzy_entry.
    assert all(len(entries(language)) > 1000 for language in LANGUAGES)


def test_the_parser_reads_plurals_contexts_flags_and_obsolete_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nb\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgctxt "message status"\nmsgid "Cancelled"\nmsgstr "Kansellert"\n\n'
        '#: b.py:2\n#, python-format\nmsgid "%(n)s half-day"\nmsgid_plural "%(n)s half-days"\n'
        'msgstr[0] "%(n)s halv "\n"dag"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Borte"\n',
        encoding="utf-8",
    )
    cancelled, half_day = parse_po(po)
    assert (cancelled.msgctxt, cancelled.msgid, cancelled.msgstrs, "fuzzy" in cancelled.flags) == (
        "message status",
        "Cancelled",
        ["Kansellert"],
        True,
    )
    assert (cancelled.line, half_day.line) == (5, 11)
    assert (half_day.msgid_plural, half_day.msgstrs) == ("%(n)s half-days", ["%(n)s halv dag", ""])
    assert [rule.name for rule in RULES if rule.language == "nb" and rule.broken_by(half_day)] == [
        "nb: halvdag, never halv dag / halve dager"
    ]
    assert [rule.name for rule in RULES if rule.language == "nb" and rule.broken_by(cancelled)] == [
        "nb: a message status Cancelled is Stoppet"
    ]
