"""Links held.csv to sought.csv with Splink (DuckDB) and writes the one-to-one pairs at or above 0.9.

Usage: python splink_run.py HELD.csv SOUGHT.csv PAIRS.csv [--threshold 0.9]

The model follows Splink's own examples: Jaro-Winkler name comparisons with term-frequency
adjustments on surname and given name, its date-of-birth comparison, a Jaro-Winkler place
comparison and a Levenshtein service-number comparison; predictions blocked on the surname's
first three letters with the given name's initial, on the date of birth and on the service number;
lambda from deterministic rules, u from random pairs, m by EM in two sessions (blocked on date of
birth, then on surname and given name). One-to-one by Splink's single-best-links clustering, with
neither list holding a person twice.
"""

import argparse
import logging

import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from lists import read_lists, write_pairs


def comparisons(columns):
    wanted = {
        "surname": cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        "given_name": cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        "patronymic": cl.NameComparison("patronymic"),
        "date_of_birth": cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
        "place_of_birth": cl.JaroWinklerAtThresholds("place_of_birth", [0.9, 0.8]),
        "service_number": cl.LevenshteinAtThresholds("service_number", 2),
    }
    return [comparison for column, comparison in wanted.items() if column in columns]


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("held")
    arguments.add_argument("sought")
    arguments.add_argument("pairs")
    arguments.add_argument("--threshold", type=float, default=0.9)
    options = arguments.parse_args()

    held, sought = read_lists(options.held, options.sought)
    columns = set(held.columns)
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="id",
        comparisons=comparisons(columns),
        blocking_rules_to_generate_predictions=[
            block_on("substr(surname, 1, 3)", "substr(given_name, 1, 1)"),
            block_on("date_of_birth"),
            *([block_on("service_number")] if "service_number" in columns else []),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    database = DuckDBAPI()
    tables = [
        database.register(held, dataset_display_name="held"),
        database.register(sought, dataset_display_name="sought"),
    ]
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "given_name", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=2026)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname", "given_name"))

    predictions = linker.inference.predict(threshold_match_probability=options.threshold)
    clusters = linker.clustering.cluster_using_single_best_links(
        predictions, duplicate_free_datasets=["held", "sought"], threshold_match_probability=options.threshold
    ).as_pandas_dataframe()
    linked = clusters.groupby("cluster_id").filter(lambda cluster: len(cluster) == 2)
    scored = predictions.as_pandas_dataframe()
    held_first = scored["source_dataset_l"] == "held"
    probabilities = dict(
        zip(
            zip(scored["id_l"].where(held_first, scored["id_r"]), scored["id_r"].where(held_first, scored["id_l"])),
            scored["match_probability"],
        )
    )
    pairs = []
    for _, cluster in linked.groupby("cluster_id"):
        sides = dict(zip(cluster["source_dataset"], cluster["id"]))
        held_id, sought_id = sides["held"], sides["sought"]
        pairs.append((held_id, sought_id, probabilities[(held_id, sought_id)]))
    write_pairs(options.pairs, pairs)
    print(f"splink: {len(pairs)} one-to-one pairs of {len(probabilities)} at or above {options.threshold}")


if __name__ == "__main__":
    main()
