#!/usr/bin/env bash
# Matching benchmarks (issue 3), on a release build: Parley's linkage engine on seeded synthetic
# cross-script list pairs with a known truth, printing precision, recall, F1, wall time and peak memory.
# Usage: bash bench/linkage.sh [SIZE...]   (default: 2000 200000)
# Beside Splink and recordlinkage, on the same files, and on FEBRL4: bash bench/peers.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product linkage-bench --scratch-path .build-release >/dev/null
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 200000)
for size in "${sizes[@]}"; do
    echo "== $size x $size, one-to-one"
    .build-release/release/linkage-bench --size "$size" --one-to-one
done
