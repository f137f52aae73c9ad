"""Names for the seeded data set: Swedish and Norwegian, plain and made up."""

from __future__ import annotations

import random

FIRST = (
    "Anna Astrid Agnes Alva Britt Cecilia Dagny Ebba Elin Emma Eva Frida Greta Hanna Ida Ingrid "
    "Johanna Karin Kari Kristin Lena Linnea Maja Malin Maria Nora Olivia Ragnhild Saga Sara Sigrid Siri "
    "Solveig Tove Ulla Vera Wilma Ahmed Anders Arne Bjørn Björn Carl David Emil Erik Fredrik Gustav "
    "Hassan Henrik Håkan Ivar Jan Johan Jonas Karl Lars Leif Magnus Mats Mohammed Nils Olav Ole Oskar "
    "Per Petter Rolf Sven Tor Ulf Viktor Yusuf"
).split()
LAST = (
    "Andersson Berg Bakke Carlsson Dahl Ek Eriksson Falk Gran Hansen Haugen Holm Isaksson Jansson "
    "Johansen Karlsson Kvist Larsen Lindqvist Lund Mattsson Nilsen Nilsson Nord Olsen Olsson Persson "
    "Rask Sandberg Sjöberg Solberg Strand Svensson Tell Vik Wallin Åberg Øien Lie Moen Ruud Haddad Yilmaz"
).split()
PLACES_SE = (
    "Ale Alingsås Borås Eskilstuna Falun Gävle Göteborg Halmstad Helsingborg Jönköping Kalmar Karlstad "
    "Kiruna Kristianstad Linköping Luleå Lund Malmö Norrköping Nyköping Skövde Stockholm Sundsvall "
    "Trollhättan Umeå Uppsala Varberg Västerås Växjö Örebro Östersund"
).split()
PLACES_NO = (
    "Arendal Bergen Bodø Drammen Fredrikstad Gjøvik Hamar Haugesund Kristiansand Lillehammer Molde "
    "Moss Oslo Sandnes Sarpsborg Skien Stavanger Tromsø Trondheim Tønsberg Ålesund"
).split()
UNITS = (
    "Psykiatrisk öppenvård|Allmänpsykiatrisk mottagning|Beroendemottagning|Socialpsykiatrin|"
    "Boendestöd|Mobila teamet|Barn- och ungdomspsykiatrin|Vuxenpsykiatri avdelning|Rehabilitering|"
    "Akutpsykiatrin|Familjebehandling|Missbruksenheten|Hemtjänst|Arbetsrehabilitering"
).split("|")
UNITS_NO = (
    "Distriktspsykiatrisk senter|Rusteamet|Psykisk helse og rus|Oppfølgingsteam|FACT-teamet|"
    "Barne- og ungdomspsykiatri|Akutteam|Bo- og oppfølging|Arbeid og aktivitet|Familievernet"
).split("|")
WORDS = (
    "samverkan delaktighet rutiner bemötande återhämtning anhöriga nätverk möte dialog brukare "
    "uppföljning introduktion kontaktperson schema samtal planering trygghet stöd information "
    "medarbetare ledning utbildning kartläggning krisplan boende arbete fritid"
).split()


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def ascii_slug(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ø": "o", "æ": "ae", "é": "e", " ": "-"})
    return text.lower().translate(table)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."
