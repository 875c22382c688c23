"""Hand-built tables and a small reference folder for the checks' tests (no model, no data/ files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from claimkit import tables

SOURCE = "https://example.org/fixture"

ENTITIES = """id,type,name,aliases,adjectives,country,description,source
country/israel,country,Israel,State of Israel,Israeli,,c,{s}
country/qatar,country,Qatar,State of Qatar,Qatari,,c,{s}
country/us,country,United States,US|U.S.|USA|America,US|U.S.|American,,c,{s}
country/uk,country,United Kingdom,UK|Britain,British,,c,{s}
country/russia,country,Russia,Russian Federation,Russian,,c,{s}
country/saudi_arabia,country,Saudi Arabia,KSA,Saudi,,c,{s}
country/egypt,country,Egypt,,Egyptian,,c,{s}
country/palestine,country,Palestine,,Palestinian,,c,{s}
country/thailand,country,Thailand,,Thai,,c,{s}
org/mossad,organisation,Mossad,the Mossad,,country/israel,o,{s}
org/cia,organisation,CIA,Central Intelligence Agency|US intelligence service,,country/us,o,{s}
org/hamas,organisation,Hamas,Islamic Resistance Movement,,country/palestine,o,{s}
place/gaza_strip,place,Gaza Strip,Gaza,Gazan,country/palestine,p,{s}
place/cairo,place,Cairo,,,country/egypt,p,{s}
person/mohammed_bin_salman,person,Mohammed bin Salman,MBS,,country/saudi_arabia,p,{s}
person/mohammed_bin_abdulrahman_al_thani,person,Mohammed bin Abdulrahman Al Thani,Mohammed bin Abdulrahman,,country/qatar,p,{s}
person/khalid_bin_khalifa_al_thani,person,Khalid bin Khalifa Al Thani,,,country/qatar,p,{s}
person/david_barnea,person,David Barnea,Barnea,,country/israel,p,{s}
person/william_burns,person,William Burns,Burns,,country/us,p,{s}
person/john_ratcliffe,person,John Ratcliffe,Ratcliffe,,country/us,p,{s}
person/ismail_haniyeh,person,Ismail Haniyeh,Haniyeh,,country/palestine,p,{s}
person/yahya_sinwar,person,Yahya Sinwar,Sinwar,,country/palestine,p,{s}
person/isaac_herzog,person,Isaac Herzog,Herzog,,country/israel,p,{s}
person/benjamin_netanyahu,person,Benjamin Netanyahu,Netanyahu,,country/israel,p,{s}
person/yoav_gallant,person,Yoav Gallant,Gallant,,country/israel,p,{s}
person/israel_katz,person,Israel Katz,Katz,,country/israel,p,{s}
person/lloyd_austin,person,Lloyd Austin,Austin,,country/us,p,{s}
person/antony_blinken,person,Antony Blinken,Blinken,,country/us,p,{s}
person/jake_sullivan,person,Jake Sullivan,Sullivan,,country/us,p,{s}
person/nobody_known,person,Dana Roe,Roe,,,p,{s}
"""

OUTLETS = """id,name,aliases,country,language,medium,source
outlet/the_times,The Times,Times of London,country/uk,en,newspaper,https://example.org/the-times
outlet/times_of_israel,The Times of Israel,Times of Israel,country/israel,en,website,https://example.org/toi
outlet/novaya_izvestia,Novaya Izvestia,Novye Izvestia,country/russia,ru,newspaper,https://example.org/novaya
outlet/al_ahram,Al-Ahram,Al Ahram|Ahram,country/egypt,ar,newspaper,https://example.org/ahram
outlet/haaretz,Haaretz,,country/israel,he,newspaper,https://example.org/haaretz
outlet/al_jazeera,Al Jazeera,Al-Jazeera,country/qatar,ar,tv,https://example.org/al-jazeera
"""

ROLES = """id,name,wordings,single_holder,source
role/prime_minister,prime minister,prime minister|premier|PM,true,{s}
role/foreign_minister,foreign minister,foreign minister|minister of foreign affairs,true,{s}
role/crown_prince,crown prince,crown prince,true,{s}
role/president,president,president,true,{s}
role/defence_minister,defence minister,defence minister|defense minister,true,{s}
role/secretary_of_defense,secretary of defense,secretary of defense|defense secretary,true,{s}
role/secretary_of_state,secretary of state,secretary of state,true,{s}
role/national_security_adviser,national security adviser,national security adviser|national security advisor,true,{s}
role/director,director,director|head|chief,true,{s}
role/political_leader,political leader,leader|political leader|politburo chief,true,{s}
role/intelligence_chief,intelligence chief,intelligence chief|spy chief,false,{s}
"""

POSITIONS = """person,role,of,start,end,source
person/mohammed_bin_abdulrahman_al_thani,role/prime_minister,country/qatar,2023-03-07,,https://example.org/qatar-pm
person/mohammed_bin_abdulrahman_al_thani,role/foreign_minister,country/qatar,2016-01-27,,https://example.org/qatar-fm
person/khalid_bin_khalifa_al_thani,role/prime_minister,country/qatar,2020-01-28,2023-03-07,{s}
person/mohammed_bin_salman,role/crown_prince,country/saudi_arabia,2017-06-21,,{s}
person/mohammed_bin_salman,role/prime_minister,country/saudi_arabia,2022-09-27,,{s}
person/david_barnea,role/director,org/mossad,2021-06-01,,{s}
person/david_barnea,role/intelligence_chief,country/israel,2021-06-01,,{s}
person/william_burns,role/director,org/cia,2021-03-19,2025-01-20,https://example.org/burns
person/john_ratcliffe,role/director,org/cia,2025-01-23,,https://example.org/ratcliffe
person/ismail_haniyeh,role/political_leader,org/hamas,2017-05-06,2024-07-31,{s}
person/yahya_sinwar,role/political_leader,place/gaza_strip,2017-02-13,2024-10-16,{s}
person/isaac_herzog,role/president,country/israel,2021-07-07,,{s}
person/benjamin_netanyahu,role/prime_minister,country/israel,2022-12-29,,{s}
person/yoav_gallant,role/defence_minister,country/israel,2022-12-29,2024-11-05,{s}
person/israel_katz,role/defence_minister,country/israel,2024-11-05,,https://example.org/katz
person/lloyd_austin,role/secretary_of_defense,country/us,2021-01-22,2025-01-20,{s}
person/antony_blinken,role/secretary_of_state,country/us,2021-01-26,2025-01-20,{s}
person/jake_sullivan,role/national_security_adviser,country/us,2021-01-20,2025-01-20,https://example.org/sullivan
"""

EVENTS = """id,name,aliases,start,end,involves,source
event/october_7_attack,October 7 attack,7 October attack|Hamas attack on Israel,2023-10-07,,org/hamas|country/israel,https://example.org/oct7
event/israel_hamas_war,Israel-Hamas war,Gaza war|war in Gaza,2023-10-07,,org/hamas|country/israel|place/gaza_strip,https://example.org/war
event/november_2023_truce,November 2023 truce,truce|ceasefire|temporary ceasefire|humanitarian pause,2023-11-24,2023-12-01,org/hamas|country/israel|place/gaza_strip,https://example.org/truce
event/haniyeh_cairo_visit_2023,Haniyeh's visit to Cairo,Haniyeh visit to Cairo,2023-12-20,,person/ismail_haniyeh|place/cairo,https://example.org/haniyeh-cairo
"""


def write_reference(folder: Path) -> Path:
    """A small but complete reference folder (CSV schema of data/reference/README.md) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in (("entities.csv", ENTITIES), ("outlets.csv", OUTLETS), ("roles.csv", ROLES),
                       ("positions.csv", POSITIONS), ("events.csv", EVENTS)):
        (folder / name).write_text(body.replace("{s}", SOURCE), encoding="utf-8")
    (folder / "meta.yaml").write_text("snapshot: 2026-01-01\ndescription: test fixture\n", encoding="utf-8")
    return folder


def articles(*rows: dict[str, Any]) -> pd.DataFrame:
    """An articles frame; each row needs article_id and text, published/reference_date optional."""
    out = []
    for row in rows:
        full = {"path": f"{row['article_id']}.md", **row}
        out.append(full)
    return tables.conform(out, "articles")


def span(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    """Character span of the n-th occurrence of ``phrase`` in ``text`` (fails loudly when absent)."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(phrase, at + 1)
    return at, at + len(phrase)


def claim(article_id: str, text: str, phrase: str, kind: str, *, occurrence: int = 0, sentence_id: int | None = None,
          **fields: Any) -> dict[str, Any]:
    """One claims row pointing at ``phrase`` in ``text`` (sentence and sentence_id filled from the text)."""
    start, end = span(text, phrase, occurrence)
    s_begin = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) != -1 else 0
    s_end = text.find(". ", end)
    s_end = len(text) if s_end == -1 else s_end + 1
    sid = sentence_id if sentence_id is not None else text.count(". ", 0, start)
    return {"claim_id": f"{article_id}:{kind}:{start}", "article_id": article_id, "start": start, "end": end,
            "text": text[start:end], "kind": kind, "sentence": text[s_begin:s_end], "sentence_id": sid, **fields}


def claims(*rows: dict[str, Any]) -> pd.DataFrame:
    """A conformed claims frame (extra keys such as role_id or predicate_lemma kept as columns)."""
    return tables.conform(list(rows), "claims")


def quantity(article_id: str, text: str, phrase: str, *, value: float, qualifier: str = "exact",
             lemma: str, predicate: str | None = None, unit: str | None = None, occurrence: int = 0,
             **frame: Any) -> dict[str, Any]:
    """A quantity claim with the interval its qualifier implies; ``frame`` adds frame columns (measure,
    state, holder, ..., see claimkit.extract.frames) as the parse would give them."""
    low = high = value
    low_inc = high_inc = True
    if qualifier == "more_than":
        high, low_inc = None, False
    elif qualifier == "at_least":
        high = None
    elif qualifier == "less_than":
        low, high_inc = None, False
    return claim(article_id, text, phrase, "quantity", occurrence=occurrence, value=value, low=low, high=high,
                 low_inclusive=low_inc, high_inclusive=high_inc, qualifier=qualifier, unit=unit,
                 predicate=predicate or lemma, predicate_lemma=lemma, **frame)
