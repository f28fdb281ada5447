"""The list files of a benchmark run, as the peer tools see them, and the pairs they write.

Both peers read the same held.csv and sought.csv that Parley reads (columns id, surname,
given_name, patronymic, date_of_birth, place_of_birth, service_number) and get the same
standardisation, as their documentation asks of their users: names and places folded to ASCII
by unidecode, lower case, letters and single spaces only; service numbers reduced to their
digits and mask stars, since look-alike letters (Cyrillic В, Latin B) fold to different ASCII
letters; dates of birth left as written (YYYY, YYYY-MM or YYYY-MM-DD). A column that is empty
in either file is dropped, since neither tool can estimate a field it never sees.
"""

import csv
import re

import pandas as pd
from unidecode import unidecode

NAME_COLUMNS = ["surname", "given_name", "patronymic", "place_of_birth"]
COLUMNS = ["id", *NAME_COLUMNS[:3], "date_of_birth", "place_of_birth", "service_number"]


def fold_name(value):
    if not isinstance(value, str):
        return None
    text = re.sub(r"[^a-z ]+", "", unidecode(value).lower())
    text = " ".join(text.split())
    return text or None


def fold_service_number(value):
    if not isinstance(value, str):
        return None
    return re.sub(r"[^0-9*]+", "", value) or None


def read_lists(held_path, sought_path):
    """The two lists, standardised, with only the columns both of them fill."""
    frames = []
    for path in (held_path, sought_path):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], usecols=COLUMNS)
        for column in NAME_COLUMNS:
            frame[column] = frame[column].map(fold_name)
        frame["service_number"] = frame["service_number"].map(fold_service_number)
        frame["date_of_birth"] = frame["date_of_birth"].str.strip()
        frames.append(frame)
    held, sought = frames
    filled = [c for c in COLUMNS if held[c].notna().any() and sought[c].notna().any()]
    return held[filled], sought[filled]


def write_pairs(path, pairs):
    """Writes held_id,sought_id,probability rows, the columns `parley match` writes."""
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["held_id", "sought_id", "probability"])
        for held_id, sought_id, probability in pairs:
            writer.writerow([held_id, sought_id, f"{probability:.6f}"])
