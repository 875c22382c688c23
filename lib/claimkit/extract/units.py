"""Units of measure and money as English news writes them: word forms, symbols, currency signs and codes.

Tables only, no rules: :mod:`claimkit.extract.quantities` decides when a word after a figure is its unit.
Unit names are short and stable ("km", "kg", "USD", "percent", "day") so figures can be compared across
articles; ``QUANTITY_UNITS`` lists every name the extractor returns.
"""

from __future__ import annotations

import re

__all__ = [
    "ARTICLE_UNIT_RE",
    "CURRENCY_CODES",
    "CURRENCY_PREFIXES",
    "CURRENCY_SCALE_SUFFIXES",
    "CURRENCY_SYMBOLS",
    "CURRENCY_UNIT_NAMES",
    "CURRENCY_WORDS",
    "MAX_UNIT_WORDS",
    "MEASURE_WORDS",
    "MONEY_CUES",
    "ONE_UNIT_FORMS",
    "PRIMES",
    "QUANTITY_UNITS",
    "TIME_UNITS",
    "TIME_UNIT_NAMES",
    "UNIT_SYMBOLS",
    "UNIT_WORDS",
]

# Word forms are matched lower-case; symbols are matched as written (case matters: M ≠ m).


def _forms(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Invert {unit: forms} into {form: unit}."""
    return {form: unit for unit, forms in table.items() for form in forms}


TIME_UNITS = {
    "second": ("second", "seconds", "sec", "secs"),
    "minute": ("minute", "minutes", "min", "mins"),
    "hour": ("hour", "hours", "hr", "hrs"),
    "day": ("day", "days"),
    "night": ("night", "nights"),
    "week": ("week", "weeks", "wk", "wks"),
    "fortnight": ("fortnight", "fortnights"),
    "month": ("month", "months"),
    "year": ("year", "years", "yr", "yrs"),
    "decade": ("decade", "decades"),
    "century": ("century", "centuries"),
    "millennium": ("millennium", "millennia", "millenniums"),
}
MEASURE_WORDS = {
    "mm": ("millimetre", "millimetres", "millimeter", "millimeters"),
    "cm": ("centimetre", "centimetres", "centimeter", "centimeters"),
    "m": ("metre", "metres", "meter", "meters"),
    "km": ("kilometre", "kilometres", "kilometer", "kilometers"),
    "inch": ("inch", "inches"),
    "foot": ("foot", "feet"),
    "yard": ("yard", "yards"),
    "mile": ("mile", "miles"),
    "nautical mile": ("nautical mile", "nautical miles"),
    "light-year": ("light year", "light years", "light-year", "light-years"),
    "km2": ("square kilometre", "square kilometres", "square kilometer", "square kilometers", "sq km"),
    "m2": ("square metre", "square metres", "square meter", "square meters", "sq m"),
    "sq mile": ("square mile", "square miles", "sq mi", "sq miles"),
    "sq ft": ("square foot", "square feet", "sq ft"),
    "km3": ("cubic kilometre", "cubic kilometres", "cubic kilometer", "cubic kilometers"),
    "m3": ("cubic metre", "cubic metres", "cubic meter", "cubic meters"),
    "hectare": ("hectare", "hectares"),
    "acre": ("acre", "acres"),
    "dunam": ("dunam", "dunams", "dunum", "dunums", "donum", "donums"),
    "mg": ("milligram", "milligrams", "milligramme", "milligrammes"),
    "g": ("gram", "grams", "gramme", "grammes"),
    "kg": ("kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos"),
    "tonne": ("tonne", "tonnes", "metric ton", "metric tons"),
    "ton": ("ton", "tons"),
    "oz": ("ounce", "ounces"),
    "litre": ("litre", "litres", "liter", "liters"),
    "ml": ("millilitre", "millilitres", "milliliter", "milliliters"),
    "gallon": ("gallon", "gallons"),
    "barrel": ("barrel", "barrels"),
    "km/h": ("kilometres per hour", "kilometers per hour", "kilometre per hour", "kilometer per hour"),
    "mph": ("miles per hour", "mile per hour"),
    "knot": ("knot", "knots"),
    "°C": ("degrees celsius", "degree celsius", "degrees centigrade", "celsius"),
    "°F": ("degrees fahrenheit", "degree fahrenheit", "fahrenheit"),
    "degree": ("degree", "degrees"),
    "W": ("watt", "watts"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "kWh": ("kilowatt hour", "kilowatt hours", "kilowatt-hour", "kilowatt-hours"),
    "MWh": ("megawatt hour", "megawatt hours", "megawatt-hour", "megawatt-hours"),
    "V": ("volt", "volts"),
    "calorie": ("calorie", "calories", "kilocalorie", "kilocalories"),
    "byte": ("byte", "bytes"),
    "KB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "bit": ("bit", "bits"),
    "percent": ("percent", "per cent", "pct", "percentage"),
    "percentage point": ("percentage point", "percentage points", "points"),
}
#: Symbols after a number, case-sensitive.
UNIT_SYMBOLS = {
    "mm": "mm", "cm": "cm", "m": "m", "km": "km", "mi": "mile", "ft": "foot", "yd": "yard",
    "km2": "km2", "km²": "km2", "m2": "m2", "m²": "m2", "ha": "hectare",
    "mg": "mg", "g": "g", "kg": "kg", "t": "tonne", "lb": "lb", "lbs": "lb", "oz": "oz",
    "l": "litre", "L": "litre", "ml": "ml", "mL": "ml", "bbl": "barrel",
    "mph": "mph", "kph": "km/h", "kmh": "km/h",
    "W": "W", "kW": "kW", "MW": "MW", "GW": "GW", "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh",
    "V": "V", "kV": "kV", "eV": "eV", "keV": "keV", "MeV": "MeV", "GeV": "GeV", "TeV": "TeV",
    "Hz": "Hz", "kHz": "kHz", "MHz": "MHz", "GHz": "GHz",
    "KB": "KB", "kB": "KB", "MB": "MB", "GB": "GB", "TB": "TB", "PB": "PB",
    "h": "hour", "hr": "hour", "hrs": "hour", "min": "minute", "mins": "minute",
    "sec": "second", "secs": "second", "yr": "year", "yrs": "year",
    "kcal": "calorie", "C": "°C", "F": "°F",
}
CURRENCY_WORDS = {
    "USD": ("dollar", "dollars", "us dollar", "us dollars", "american dollars", "u.s. dollars"),
    "CAD": ("canadian dollar", "canadian dollars"),
    "AUD": ("australian dollar", "australian dollars"),
    "HKD": ("hong kong dollar", "hong kong dollars"),
    "NZD": ("new zealand dollar", "new zealand dollars"),
    "SGD": ("singapore dollar", "singapore dollars"),
    "EUR": ("euro", "euros"),
    "GBP": ("pound sterling", "pounds sterling", "sterling", "british pound", "british pounds"),
    "EGP": ("egyptian pound", "egyptian pounds"),
    "LBP": ("lebanese pound", "lebanese pounds"),
    "SYP": ("syrian pound", "syrian pounds"),
    "ILS": ("shekel", "shekels", "new shekel", "new shekels", "israeli shekel", "israeli shekels",
            "new israeli shekels", "sheqel", "sheqels"),
    "JPY": ("yen",),
    "CNY": ("yuan", "renminbi"),
    "INR": ("rupee", "rupees", "indian rupees"),
    "RUB": ("rouble", "roubles", "ruble", "rubles"),
    "CHF": ("swiss franc", "swiss francs"),
    "SAR": ("saudi riyal", "saudi riyals"),
    "QAR": ("qatari riyal", "qatari riyals"),
    "AED": ("dirham", "dirhams"),
    "TRY": ("turkish lira", "turkish liras"),
    "JOD": ("jordanian dinar", "jordanian dinars"),
    "cent": ("cent", "cents"),
    "pence": ("pence", "penny", "pennies"),
}
CURRENCY_CODES = {
    code: code for code in (
        "USD EUR GBP ILS JPY CNY INR RUB CHF CAD AUD NZD HKD SGD SAR QAR AED EGP JOD TRY KWD IQD IRR LBP "
        "SYP KRW BRL MXN ZAR SEK NOK DKK PLN UAH"
    ).split()
} | {"NIS": "ILS", "RMB": "CNY", "Rs": "INR"}
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₪": "ILS", "¥": "JPY", "₹": "INR", "₽": "RUB",
                     "₩": "KRW", "₺": "TRY"}
#: Letters glued before "$" or "£" that name the currency: "US$", "C$", "A$", "HK$", "E£".
CURRENCY_PREFIXES = {"US": "USD", "U.S.": "USD", "C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD",
                      "HK": "HKD", "NZ": "NZD", "S": "SGD", "NT": "TWD", "R": "BRL", "E": "EGP"}
#: Letters glued after a currency amount that scale it: "$5m", "£2bn", "$2.1T".
CURRENCY_SCALE_SUFFIXES = {"m": 1e6, "b": 1e9, "B": 1e9, "t": 1e12, "T": 1e12}

UNIT_WORDS: dict[str, str] = _forms(TIME_UNITS) | _forms(MEASURE_WORDS) | _forms(CURRENCY_WORDS)
UNIT_WORDS["pound"] = UNIT_WORDS["pounds"] = "pound"  # GBP or lb, decided from context
TIME_UNIT_NAMES = frozenset(TIME_UNITS)
CURRENCY_UNIT_NAMES = frozenset(CURRENCY_CODES.values()) | frozenset(CURRENCY_WORDS) | {"pound"}
MAX_UNIT_WORDS = max(len(k.split()) for k in UNIT_WORDS)

#: Units the indefinite article counts as one ("a gallon of beer", "a penny"): measures and money.
#: Left out: time units ("a day after", "a year ago" date events more than they measure) and words with
#: a common sense that is no measure ("a degree in law", "a yard", "a bit", "a knot", "a ton of work").
ONE_UNIT_FORMS = frozenset(
    form for form, unit in UNIT_WORDS.items()
    if unit not in TIME_UNIT_NAMES
    and unit not in ("degree", "yard", "bit", "knot", "ton", "percent", "percentage point", "calorie")
)
ARTICLE_UNIT_RE = re.compile(
    r"\ban?\s+(?:" + "|".join(sorted(map(re.escape, ONE_UNIT_FORMS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

#: Every unit name the extractor can return (for documentation and mapping tables).
QUANTITY_UNITS: frozenset[str] = (
    frozenset(UNIT_WORDS.values()) | frozenset(UNIT_SYMBOLS.values()) | CURRENCY_UNIT_NAMES | {"lb", "fraction"}
) - {"pound"}

# Words that make "pounds" money rather than weight when they occur in the same sentence.
MONEY_CUES = frozenset(
    "cost costs costing paid pay pays paying price prices priced worth fund funds funding funded budget "
    "spend spent spending fine fined fines salary salaries wage wages earn earned earns earning raise "
    "raised donate donated donation donations loan loans debt bill tax taxes revenue profit profits sale "
    "sold buy bought invest invested investment compensation grant grants deal contract bonus bribe "
    "ransom".split()
)

#: Prime marks after digits: 9″ (inches), 6′ (feet).
PRIMES = {"″": "inch", "′": "foot"}
