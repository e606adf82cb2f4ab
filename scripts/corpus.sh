#!/usr/bin/env bash
# Runs `chainscore validate` on every file of a folder of real spreadsheets
# (such as ../shared/realfiles-corpus), one child per file under a memory
# limit and a time limit, and prints one line per outcome class with its
# count, then every file with its class. Not part of `cargo test`: the corpus
# is not in this repository and must not be copied into it.
#
#   scripts/corpus.sh DIR [BINARY] [MEMORY_MIB]
#
# Outcome classes: "read" (exit 0: read, validated, maybe with issues), "read,
# no register" (read, but no sheet has a register's header, or no row under it:
# R328–R332, V108, R335, E503 — what every file that is not a register should
# give), "refused CODE" (the message code of a refusal: R3xx, E5xx, …), "crash"
# (a signal, or exit 1/101), "hang" (killed at the time limit), "memory" (killed
# at the memory limit). The error line is read from `--log-format json`, where
# it carries the message's code.
set -uo pipefail
dir="${1:?usage: corpus.sh DIR [BINARY] [MEMORY_MIB]}"
bin="${2:-${CARGO_TARGET_DIR:-target}/release/chainscore}"
mib="${3:-512}"
[ -x "$bin" ] || { echo "no binary at $bin: cargo build --release first" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Registers only: no ledger or targets (the built-in config's are the sample's).
printf 'extends = "builtin"\n[inputs]\ncapital = []\ntargets = []\n' >"$out/config.toml"
find "$dir" -type f \( -iname '*.xlsx' -o -iname '*.xlsm' -o -iname '*.xlsb' -o -iname '*.xls' \
    -o -iname '*.ods' -o -iname '*.csv' -o -iname '*.parquet' \) -print0 | sort -z |
while IFS= read -r -d '' file; do
    # English, JSON logs: the class is read from the message code.
    stderr="$( (ulimit -v $((mib * 1024)); timeout 60 "$bin" -q --lang en --log-format json \
        --config "$out/config.toml" validate --projects "$file" --format json 2>&1 >/dev/null) )"
    code=$?
    message="$(grep -o '"code":"[A-Z][0-9]\{3\}"' <<<"$stderr" | tail -1 | cut -d'"' -f4)"
    case "$code" in
        0) class="read" ;;
        65|74|78|2) case "$message" in
                R328|R329|R330|R331|R332|R335|V108|E503) class="read, no register" ;;
                *) class="refused ${message:-?}" ;;
            esac ;;
        124) class="hang" ;;
        134|137|139) class="memory or crash (signal $((code - 128)))" ;;
        *) class="crash (exit $code)" ;;
    esac
    said="$(grep -oE '"message":"([^"\\]|\\.)*"' <<<"$stderr" | tail -1 | cut -c12- | head -c 300)"
    printf '%s\t%s\t%s\n' "$class" "$file" "${said:-$(head -c 200 <<<"$stderr" | tr '\n' ' ')}" >>"$out/lines"
done
echo "outcome classes:"
cut -f1 "$out/lines" | sort | uniq -c | sort -rn
echo
echo "files:"
sort "$out/lines"
