#!/usr/bin/env bash
# Parley's matching beside Splink 5 and recordlinkage 0.16 (issue 3), on the same files in the same run.
# Usage: bash bench/peers.sh [SET...]   (SET is a list size or febrl4; default: 2000 200000 febrl4)
# Environment: PEERS_TOOLS (default "parley splink recordlinkage"), PEERS_TIMEOUT seconds per tool run
# (default 3600). Example, Parley alone at a million: PEERS_TOOLS=parley bash bench/peers.sh 1000000
#
# Installs the peers into bench/.venv-peers, builds linkage-bench in release (once; later runs reuse it),
# writes each data set as held.csv, sought.csv and truth.csv under bench/out/peers/ (synthetic cross-script
# pairs from linkage-bench, or FEBRL4 from recordlinkage's copy), runs each tool in its own process under
# /usr/bin/time -v with a 0.9 threshold and one-to-one pairs, then scores every tool's pairs in one place
# (bench/peers/score.py) and prints one table: data set, tool, precision, recall, F1, wall s, peak MiB.
# Parley reads the files as written; the peers get names and places folded to ASCII by unidecode.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
cd "$(dirname "$0")/.."
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(2000 200000 febrl4)
read -r -a tools <<<"${PEERS_TOOLS:-parley splink recordlinkage}"
limit=${PEERS_TIMEOUT:-3600}
venv=bench/.venv-peers
python=$venv/bin/python
if ! "$python" -c "import splink, recordlinkage, unidecode" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "splink>=5,<6" "recordlinkage==0.16.*" unidecode
fi
swift build -c release --product linkage-bench --scratch-path .build-release >/dev/null
bench=.build-release/release/linkage-bench
directories=()
for set in "${sets[@]}"; do
    if [ "$set" = febrl4 ]; then
        directory=bench/out/peers/febrl4
        "$python" bench/peers/febrl4.py "$directory" >/dev/null
    else
        directory=bench/out/peers/synthetic-$set
        "$bench" --size "$set" --out "$directory" --write-only >/dev/null
    fi
    rm -f "$directory"/*.pairs.csv "$directory"/*.time "$directory"/*.log
    for tool in "${tools[@]}"; do
        files=("$directory/held.csv" "$directory/sought.csv")
        case $tool in
            parley) command=("$bench" --held "${files[0]}" --sought "${files[1]}" --pairs "$directory/parley.pairs.csv" --one-to-one) ;;
            splink) command=("$python" bench/peers/splink_run.py "${files[@]}" "$directory/splink.pairs.csv") ;;
            recordlinkage) command=("$python" bench/peers/recordlinkage_run.py "${files[@]}" "$directory/recordlinkage.pairs.csv") ;;
            *) echo "peers.sh: unknown tool $tool; the tools are parley, splink, recordlinkage" >&2; exit 2 ;;
        esac
        echo "… $set: $tool (log in $directory/$tool.log; load average before: $(cut -d" " -f1-3 /proc/loadavg))" >&2
        /usr/bin/time -v -o "$directory/$tool.time" timeout --kill-after=30 "$limit" "${command[@]}" \
            >"$directory/$tool.log" 2>&1 || true
    done
    directories+=("$directory")
done
echo "splink $("$python" -c 'import splink; print(splink.__version__)'), recordlinkage $("$python" -c 'import recordlinkage; print(recordlinkage.__version__)'), threshold 0.9, one-to-one, $(nproc) cores"
"$python" bench/peers/score.py "${directories[@]}"
